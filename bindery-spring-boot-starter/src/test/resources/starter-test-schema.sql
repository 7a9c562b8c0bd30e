create table if not exists sql_init (name varchar(40));
insert into sql_init select name from whoami;
