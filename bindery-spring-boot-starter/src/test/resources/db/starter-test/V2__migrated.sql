create table migrated (name varchar(40));
insert into migrated select name from whoami;
