-- Append-only, hash-chained audit log. Each row's hash covers its fields and the previous hash.
create table audit_events (
    id        bigint       primary key,
    at        timestamp with time zone not null,
    type      varchar(40)  not null,
    account   varchar(64),
    actor     varchar(120) not null,
    channel   varchar(10)  not null,
    ip        varchar(45),
    outcome   varchar(10)  not null,
    detail    varchar(500),
    prev_hash varchar(64)  not null,
    hash      varchar(64)  not null
);
create index audit_events_account on audit_events (account, id);

-- The chain's head: locked by every writer so that appends are serial across nodes.
create table audit_head (
    id        integer     primary key,
    last_id   bigint      not null,
    last_hash varchar(64) not null
);
insert into audit_head (id, last_id, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
