package dev.bindery.internal;

import dev.bindery.spi.Route;
import dev.bindery.spi.Router;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;

/**
 * A connection that {@code RoutingDataSource} routed to a bind that cannot take writes (a replica or a read-only
 * bind): every SQL text given to it, prepared ({@code prepareStatement}, {@code prepareCall}) or sent through a plain
 * statement ({@link ReadOnlyRouteStatements}), is put to {@link Router#checkStatement} before it reaches the driver, so
 * a write is refused with {@code ReplicaWriteException} even where the database would take it (H2). Hand-written
 * rather than a proxy: one object per connection and nothing per call. Connections routed to a writable primary are
 * handed out as they are.
 */
public final class ReadOnlyRouteConnection implements Connection {
    private final Connection target;
    private final Route route;
    private final Router router;

    private ReadOnlyRouteConnection(Connection target, Route route, Router router) {
        this.target = target;
        this.route = route;
        this.router = router;
    }

    /** {@code connection}, whose SQL is checked against {@code route} from now on. */
    public static Connection wrap(Connection connection, Route route, Router router) {
        return new ReadOnlyRouteConnection(connection, route, router);
    }

    private void check(String sql) {
        router.checkStatement(route, sql, false, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? (T) this : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }

    @Override
    public Statement createStatement() throws SQLException {
        return ReadOnlyRouteStatements.wrap(this, target.createStatement(), route, router);
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
        return ReadOnlyRouteStatements.wrap(this, target.createStatement(a0, a1), route, router);
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
        return ReadOnlyRouteStatements.wrap(this, target.createStatement(a0, a1, a2), route, router);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        check(sql);
        return target.prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int a1, int a2) throws SQLException {
        check(sql);
        return target.prepareCall(sql, a1, a2);
    }

    @Override
    public CallableStatement prepareCall(String sql, int a1, int a2, int a3) throws SQLException {
        check(sql);
        return target.prepareCall(sql, a1, a2, a3);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        check(sql);
        return target.prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] a1) throws SQLException {
        check(sql);
        return target.prepareStatement(sql, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] a1) throws SQLException {
        check(sql);
        return target.prepareStatement(sql, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1) throws SQLException {
        check(sql);
        return target.prepareStatement(sql, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1, int a2) throws SQLException {
        check(sql);
        return target.prepareStatement(sql, a1, a2);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1, int a2, int a3) throws SQLException {
        check(sql);
        return target.prepareStatement(sql, a1, a2, a3);
    }

    // What follows is the driver's connection, unchanged.

    @Override
    public void abort(java.util.concurrent.Executor a0) throws SQLException {
        target.abort(a0);
    }

    @Override
    public void beginRequest() throws SQLException {
        target.beginRequest();
    }

    @Override
    public void clearWarnings() throws SQLException {
        target.clearWarnings();
    }

    @Override
    public void close() throws SQLException {
        target.close();
    }

    @Override
    public void commit() throws SQLException {
        target.commit();
    }

    @Override
    public Array createArrayOf(String a0, Object[] a1) throws SQLException {
        return target.createArrayOf(a0, a1);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return target.createBlob();
    }

    @Override
    public Clob createClob() throws SQLException {
        return target.createClob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return target.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return target.createSQLXML();
    }

    @Override
    public Struct createStruct(String a0, Object[] a1) throws SQLException {
        return target.createStruct(a0, a1);
    }

    @Override
    public void endRequest() throws SQLException {
        target.endRequest();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return target.getAutoCommit();
    }

    @Override
    public String getCatalog() throws SQLException {
        return target.getCatalog();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return target.getClientInfo();
    }

    @Override
    public String getClientInfo(String a0) throws SQLException {
        return target.getClientInfo(a0);
    }

    @Override
    public int getHoldability() throws SQLException {
        return target.getHoldability();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return target.getMetaData();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return target.getNetworkTimeout();
    }

    @Override
    public String getSchema() throws SQLException {
        return target.getSchema();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return target.getTransactionIsolation();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return target.getTypeMap();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return target.getWarnings();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return target.isClosed();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return target.isReadOnly();
    }

    @Override
    public boolean isValid(int a0) throws SQLException {
        return target.isValid(a0);
    }

    @Override
    public String nativeSQL(String a0) throws SQLException {
        return target.nativeSQL(a0);
    }

    @Override
    public void releaseSavepoint(Savepoint a0) throws SQLException {
        target.releaseSavepoint(a0);
    }

    @Override
    public void rollback() throws SQLException {
        target.rollback();
    }

    @Override
    public void rollback(Savepoint a0) throws SQLException {
        target.rollback(a0);
    }

    @Override
    public void setAutoCommit(boolean a0) throws SQLException {
        target.setAutoCommit(a0);
    }

    @Override
    public void setCatalog(String a0) throws SQLException {
        target.setCatalog(a0);
    }

    @Override
    public void setClientInfo(Properties a0) throws java.sql.SQLClientInfoException {
        target.setClientInfo(a0);
    }

    @Override
    public void setClientInfo(String a0, String a1) throws java.sql.SQLClientInfoException {
        target.setClientInfo(a0, a1);
    }

    @Override
    public void setHoldability(int a0) throws SQLException {
        target.setHoldability(a0);
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws SQLException {
        target.setNetworkTimeout(a0, a1);
    }

    @Override
    public void setReadOnly(boolean a0) throws SQLException {
        target.setReadOnly(a0);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return target.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String a0) throws SQLException {
        return target.setSavepoint(a0);
    }

    @Override
    public void setSchema(String a0) throws SQLException {
        target.setSchema(a0);
    }

    @Override
    public void setShardingKey(ShardingKey a0) throws SQLException {
        target.setShardingKey(a0);
    }

    @Override
    public void setShardingKey(ShardingKey a0, ShardingKey a1) throws SQLException {
        target.setShardingKey(a0, a1);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey a0, int a1) throws SQLException {
        return target.setShardingKeyIfValid(a0, a1);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey a0, ShardingKey a1, int a2) throws SQLException {
        return target.setShardingKeyIfValid(a0, a1, a2);
    }

    @Override
    public void setTransactionIsolation(int a0) throws SQLException {
        target.setTransactionIsolation(a0);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
        target.setTypeMap(a0);
    }
}
