create table audit_migrated (name varchar(40));
insert into audit_migrated select name from whoami;
