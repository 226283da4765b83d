#!/usr/bin/env python3
"""Share of CPU samples in a JFR recording whose stack contains each marker (a sample counts once per
marker), from `jfr print --events jdk.ExecutionSample --stack-depth 200`.
   bench/jfr-split.py recording.jfr [marker ...]"""
import subprocess, sys, os, collections
jfr = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'jfr')
rec = sys.argv[1]
markers = sys.argv[2:] or [
    'ObservationFilterChainDecorator', 'ServerHttpObservationFilter', 'io.micrometer',
    'FilterChainProxy', 'BearerTokenAuthenticationFilter', 'NimbusJwtDecoder',
    'org.springframework.web.servlet.DispatcherServlet', 'jackson', 'org.postgresql', 'sun.security.ssl',
    'com.zaxxer.hikari', 'TransactionInterceptor', 'app.hisaab', 'org.apache.coyote', 'ForkJoinPool',
    'ch.qos.logback', 'bouncycastle']
out = subprocess.run([jfr, 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '200', rec],
                     capture_output=True, text=True).stdout
samples = out.split('jdk.ExecutionSample')[1:]
counts = collections.Counter()
for s in samples:
    for m in markers:
        if m in s:
            counts[m] += 1
print(f'{len(samples)} samples')
for m in markers:
    print(f'{100.0 * counts[m] / max(1, len(samples)):5.1f}%  {m}')
