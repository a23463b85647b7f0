-- Where an API token was issued from, for Mi seguridad's list of open sessions (the place of the login).
alter table access_tokens add column ip varchar(45);
