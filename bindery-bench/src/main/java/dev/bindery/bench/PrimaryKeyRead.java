package dev.bindery.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The work every variant measures once a connection is in hand: one primary-key SELECT, read to the end. */
final class PrimaryKeyRead {

    private PrimaryKeyRead() {
    }

    /** Runs {@link SharedDatabase#SELECT_BY_ID} for {@code id} on {@code connection} and returns the name found. */
    static String run(Connection connection, int id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SharedDatabase.SELECT_BY_ID)) {
            select.setInt(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no item with id " + id + ": the fixture table was not filled");
                }
                return rows.getString(1);
            }
        }
    }
}
