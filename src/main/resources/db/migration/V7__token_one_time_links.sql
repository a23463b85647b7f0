-- One-time links (recovery, unlock, contact confirmation). Only the SHA-256 of the token is kept,
-- so a copy of the table opens nothing. A link is open while used_at and voided_at are null and
-- expires_at is ahead; rows stay a while after expiry so an old link can say "expired".
create table one_time_links (
    token_hash varchar(64)  primary key,
    account    varchar(64)  not null,
    purpose    varchar(30)  not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone,
    voided_at  timestamp with time zone
);
create index one_time_links_account on one_time_links (account, purpose);
create index one_time_links_expires on one_time_links (expires_at);
