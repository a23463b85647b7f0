-- TOTP secrets are stored sealed (AES-256-GCM, "v1:" + base64), longer than the Base32 secret;
-- existing plain secrets are sealed at start by counter.StaffTotpSecrets. The lock columns are no
-- longer used: staff login failures are counted by the rate limiter per source and username.
alter table staff_users alter column totp_secret set data type varchar(200);
