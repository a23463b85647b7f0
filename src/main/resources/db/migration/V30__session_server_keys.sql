-- Keys that every node must share and that may be made by the first node that needs one, one row per
-- purpose (captcha challenges, CSRF cookies). Configured keys are never stored here.
create table server_keys (
    purpose    varchar(40)  primary key,
    secret     varchar(200) not null,
    created_at timestamp with time zone not null
);

-- The captcha key made before keeps working: challenges in flight stay valid.
insert into server_keys (purpose, secret, created_at)
    select 'captcha', hmac_key, created_at from captcha_keys where id = 1;
drop table captcha_keys;
