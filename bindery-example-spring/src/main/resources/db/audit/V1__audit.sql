CREATE TABLE audit_entry (
    id     BIGSERIAL PRIMARY KEY,
    action VARCHAR(200) NOT NULL
);

-- Which server ran this migration: the tests check that it was the audit group's primary.
CREATE TABLE migration_origin (
    script      VARCHAR(64) NOT NULL,
    port        INT         NOT NULL,
    in_recovery BOOLEAN     NOT NULL
);
INSERT INTO migration_origin (script, port, in_recovery) SELECT 'V1__audit', inet_server_port(), pg_is_in_recovery();
