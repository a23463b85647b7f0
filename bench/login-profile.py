#!/usr/bin/env python3
"""Where a login's request-thread CPU goes, from a JFR recording of the server (docs/performance.md).

    bench/login-profile.py login.jfr [more.jfr ...]

Reads the Java execution samples of Tomcat's request threads (`jfr print --json`, a JDK 17+ on the PATH)
and puts each under the innermost activity on its stack: a JDBC call made by RateLimiter counts as rate
limits, Jackson called by Spring MVC as JSON. Prints each activity's share of the samples; multiplied by
the request threads' CPU ms per login that bench/login.sh prints, that is milliseconds per login.
"""
import collections
import json
import subprocess
import sys

# Most specific first: the first of these met walking a stack from its top names the sample.
ACTIVITIES = [
    ('rate limits (RateLimiter)', 'ec.gob.iess.clave.ratelimit.RateLimiter'),
    ('audit (AuditLog)', 'ec.gob.iess.clave.audit.AuditLog'),
    ('bearer token (AccessTokens)', 'ec.gob.iess.clave.session.AccessTokens'),
    ('device cookie (Devices)', 'ec.gob.iess.clave.device.Devices'),
    ('agreement (Agreements)', 'ec.gob.iess.clave.credential.Agreements'),
    ('roles (Persons)', 'ec.gob.iess.clave.identity.Persons'),
    ('hash hand-off (HashingGate)', 'ec.gob.iess.clave.credential.HashingGate'),
    ('account read/lock (CredentialCheck)', 'ec.gob.iess.clave.credential.CredentialCheck'),
    ('captcha', 'ec.gob.iess.clave.captcha'),
    ('rest of LoginService', 'ec.gob.iess.clave.credential.LoginService'),
    ('web sign-in (WebSignIn)', 'ec.gob.iess.clave.session.WebSignIn'),
    ('Thymeleaf', 'org.thymeleaf'),
    ('JSON (Jackson)', 'tools.jackson'),
    ('JSON (Jackson)', 'com.fasterxml.jackson'),
    ('Spring Session (JDBC)', 'org.springframework.session'),
    ('controller', 'ec.gob.iess.clave.credential.web'),
    ('Spring MVC (DispatcherServlet)', 'org.springframework.web.servlet'),
    ('Spring MVC (DispatcherServlet)', 'org.springframework.web.method'),
    ('Clave servlet filters', 'ec.gob.iess.clave.web.'),
    ('Clave servlet filters', 'ec.gob.iess.clave.session.'),
    ('Clave servlet filters', 'ec.gob.iess.clave.sso.'),
    ('Spring Security filter chain', 'org.springframework.security'),
    ('other servlet filters (Spring)', 'org.springframework.web.filter'),
    ('Micrometer observation', 'io.micrometer'),
    ('Tomcat (HTTP parsing, sockets)', 'org.apache'),
]


def stacks(recording):
    out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ExecutionSample', '--stack-depth', '200',
                          recording], capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)['recording']['events']:
        thread = event['values'].get('sampledThread') or {}
        trace = event['values'].get('stackTrace')
        if trace and (thread.get('javaName') or '').startswith('http-nio'):
            yield [f"{frame['method']['type']['name'].replace('/', '.')}.{frame['method']['name']}"
                   for frame in trace['frames']]


def activity(frames):
    for frame in frames:
        for label, prefix in ACTIVITIES:
            if frame.startswith(prefix):
                return label
    return 'other'


def main(recordings):
    counts = collections.Counter(activity(frames) for recording in recordings for frame_list in [stacks(recording)]
                                 for frames in frame_list)
    total = sum(counts.values())
    print(f'{total} request-thread samples')
    for label, n in counts.most_common():
        print(f'{100.0 * n / total:5.1f} %  {n:5d}  {label}')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
