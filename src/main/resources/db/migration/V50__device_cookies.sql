-- Device cookies (PRODUCT.md §4.1, SECURITY.md 33): a browser or app that logged into an account holds
-- a signed token naming a random nonce; the row, keyed by the nonce's SHA-256 (never the nonce), keeps
-- that device's own failure count and its own lock for the one account it was issued for.
create table devices (
    id              varchar(64) primary key,
    username        varchar(13) not null,
    failed_attempts integer     not null default 0,
    locked_at       timestamp with time zone,
    created_at      timestamp with time zone not null,
    last_used_at    timestamp with time zone not null
);
create index devices_username on devices (username);
create index devices_last_used on devices (last_used_at);

-- The key that signs device tokens, when clave.device.hmac-key is not set, is server_keys' 'device' row.
