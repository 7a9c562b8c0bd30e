create table if not exists sql_init (name varchar(40));
-- once: OpenInViewOffTest's context starts over the same databases
insert into sql_init select name from whoami where not exists (select 1 from sql_init);
