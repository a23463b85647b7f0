-- A staff member's TOTP secret counts as enrolled once a code from it was accepted: until then the
-- first login to /centro shows its QR code and asks for a current code. Staff who already logged in
-- with a code have proven they hold the secret.
alter table staff_users add column totp_confirmed_at timestamp with time zone;
update staff_users set totp_confirmed_at = created_at where totp_last_step > 0;
