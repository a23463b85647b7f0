-- The administrator's pages (issue 9): a staff account can be disabled (neither page nor API login
-- while disabled_at is set), and the list shows the last login. The last login of existing staff is
-- taken from the audit, where their successful logins are (before V54 as agent@centre).
alter table staff_users add column disabled_at timestamp with time zone;
alter table staff_users add column last_login_at timestamp with time zone;
update staff_users set last_login_at = (
    select max(a.at) from audit_events a
    where a.type = 'STAFF_LOGIN_SUCCEEDED'
      and (a.actor = staff_users.username or a.actor like staff_users.username || '@%'));

-- A service added from the administrator's page has no message in the bundles: its name is kept here.
alter table services add column name varchar(100);

-- The audit search filters by agent and by type, newest first: each with its own index, as the account has.
create index audit_events_actor on audit_events (actor, id);
create index audit_events_type on audit_events (type, id);
