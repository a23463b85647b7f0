-- The centre of a staff action gets a column of its own: staff rows then name the agent alone in actor.
-- hash_scheme says what a row's hash covers: 1 for the rows written before this migration (no centre;
-- staff written agent@centre in actor), 2 for every row after it (the centre and the scheme hashed too).
-- Old rows keep their scheme and their hash: rewriting them would break the chain (decision 85).
alter table audit_events add column center varchar(120);
alter table audit_events add column hash_scheme smallint default 1 not null;
