-- Captcha solutions already accepted, by challenge (itself a SHA-256 digest): the primary key makes a
-- second use fail on any node. Rows go once their challenge has expired.
create table captcha_used_solutions (
    challenge  varchar(64) primary key,
    expires_at timestamp with time zone not null
);
create index captcha_used_solutions_expires on captcha_used_solutions (expires_at);

-- The HMAC key that signs challenges when clave.captcha.hmac-key is not set: made by the first node
-- that needs it, read by all, so a challenge from one node verifies on another.
create table captcha_keys (
    id         integer      primary key,
    hmac_key   varchar(200) not null,
    created_at timestamp with time zone not null
);
