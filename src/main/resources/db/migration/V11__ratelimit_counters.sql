-- Sliding-window counters of the rate limiter, shared by every node. Rows older than two windows
-- are deleted on a schedule.
create table rate_limit_counters (
    kind         varchar(30)  not null,
    target       varchar(128) not null,
    window_start timestamp with time zone not null,
    hits         integer      not null,
    constraint rate_limit_counters_pk primary key (kind, target, window_start)
);
create index rate_limit_counters_window on rate_limit_counters (window_start);
