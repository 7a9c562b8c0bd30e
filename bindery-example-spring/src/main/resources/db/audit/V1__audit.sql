CREATE TABLE audit_entry (
    id     BIGSERIAL PRIMARY KEY,
    action VARCHAR(200) NOT NULL
);

-- Which server ran this migration (the starter runs db/<group> on the group's primary): the tests check it.
CREATE TABLE migration_origin (
    script      VARCHAR(64) NOT NULL,
    port        INT         NOT NULL,
    in_recovery BOOLEAN     NOT NULL
);
INSERT INTO migration_origin (script, port, in_recovery) SELECT 'V1__audit', inet_server_port(), pg_is_in_recovery();
