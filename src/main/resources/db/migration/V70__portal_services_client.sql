-- A catalogue entry may be launched through a single sign-on client (sso): the menu entry and the
-- OpenID Connect client are then the same catalogue entry (decision 117). At most one entry per client.
alter table services add column client_id varchar(64);
create unique index services_client_id on services (client_id);
