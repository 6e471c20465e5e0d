/**
 * The built-in image catalog: what common images and the images of Kubernetes tutorials do.
 * Data only; docs/image-catalog.md describes each entry and what is assumed. Tag lists are real
 * version ranges per release line (not every tag ever pushed); numbers (start-up seconds, memory)
 * are typical values on a laptop cluster, not measurements.
 */
import type { DaemonSpec, HealthToolSpec, ImageProfile, ProgramSpec } from './profile';

const SHELL: ProgramSpec = { kind: 'shell' };
const ENTRYPOINT_WRAPPER = (defaultProgram?: string): ProgramSpec => ({ kind: 'wrapper', defaultProgram });
/** Go servers without their own SIGTERM handling: the runtime exits with status 2 at once. */
const GO_SIGTERM = { handles: true, stopSeconds: 0, exitCode: 2 };

const DEBIAN_SUFFIXES = ['-bookworm', '-trixie', '-bullseye', '-slim', '-slim-bookworm', '-slim-trixie', '-bookworm-slim', '-trixie-slim'];
const ALPINE_SUFFIXES = ['-alpine', '-alpine3.18', '-alpine3.19', '-alpine3.20', '-alpine3.21', '-alpine3.22'];

const NGINX_HTML = '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1></body></html>\n';

function nginxDaemon(): DaemonSpec {
  return {
    kind: 'daemon',
    startupSeconds: 1,
    ports: [{ port: 80, protocol: 'HTTP' }],
    http: [{ path: '/', status: 200 }, { path: '/index.html', status: 200 }, { path: '/50x.html', status: 200 }],
    httpDefaultStatus: 404,
    startLogs: [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ],
    logs: ['[notice] 1#1: nginx started, using the "epoll" event method', '[notice] 1#1: start worker processes'],
    memoryMiB: 8,
    // The image's stop signal is SIGQUIT: a graceful shutdown that finishes at once when idle.
    sigterm: { handles: true, stopSeconds: 0, exitCode: 0 },
  };
}

function microservice(port: number, protocol: 'GRPC' | 'HTTP', startupSeconds: number, memoryMiB: number): Record<string, ProgramSpec> {
  return {
    server: {
      kind: 'daemon',
      startupSeconds,
      ports: [{ port, protocol, grpcHealth: protocol === 'GRPC' }],
      http: protocol === 'HTTP' ? [{ path: '/', status: 200 }, { path: '/_healthz', status: 200 }, { path: '/product/*', status: 200 }, { path: '/cart', status: 200 }] : undefined,
      httpDefaultStatus: 404,
      memoryMiB,
      sigterm: GO_SIGTERM,
    },
  };
}

const redisCli: HealthToolSpec = { kind: 'healthTool', port: 6379, okOutput: 'PONG', failOutput: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused', failCode: 1 };

export const CATALOG: ImageProfile[] = [
  {
    repository: 'docker.io/library/hello-world',
    summary: 'Prints a greeting and exits 0 at once.',
    tags: { exact: ['latest', 'linux', 'nanoserver'] },
    sizeMB: 0.02,
    cmd: ['/hello'],
    userland: 'none',
    programs: {
      '/hello': {
        kind: 'oneshot',
        exitCode: 0,
        logs: [
          '',
          'Hello from the hello-world image!',
          '(Kube Rehearsal prints this stand-in for the image\'s greeting: the real text says the',
          'container runtime pulled the image, ran it and streamed its output, then it exits.)',
          '',
        ],
      },
    },
  },
  {
    repository: 'docker.io/library/nginx',
    summary: 'HTTP server on port 80: `/` answers 200, unknown paths 404; stops at once on SIGTERM.',
    tags: {
      exact: ['latest', 'mainline', 'stable', 'alpine', 'perl', 'alpine-slim', 'alpine-perl', 'bookworm', 'trixie', 'stable-alpine', 'mainline-alpine', 'stable-perl', 'mainline-perl'],
      versions: { '1.9': 15, '1.10': 3, '1.11': 13, '1.12': 2, '1.13': 12, '1.14': 2, '1.15': 12, '1.16': 1, '1.17': 10, '1.18': 0, '1.19': 10, '1.20': 2, '1.21': 6, '1.22': 1, '1.23': 4, '1.24': 0, '1.25': 5, '1.26': 3, '1.27': 5, '1.28': 0, '1.29': 3, '1.30': 0 },
      majorTags: true,
      suffixes: ['-alpine', '-perl', '-alpine-slim', '-alpine-perl', '-bookworm', '-trixie', '-bullseye', '-bookworm-perl', '-trixie-perl'],
    },
    sizeMB: 72,
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    programs: { 'docker-entrypoint.sh': ENTRYPOINT_WRAPPER(), nginx: nginxDaemon() },
    files: { '/usr/share/nginx/html/index.html': NGINX_HTML, '/usr/share/nginx/html/50x.html': '<html><body>An error occurred.</body></html>\n', '/etc/nginx/nginx.conf': 'user nginx;\nworker_processes auto;\n' },
  },
  {
    repository: 'docker.io/library/httpd',
    summary: 'Apache HTTP server on port 80: `/` answers 200, unknown paths 404; graceful stop on SIGTERM.',
    tags: { exact: ['latest', 'alpine', 'bookworm', 'trixie'], versions: { '2.2': 34, '2.4': 66 }, majorTags: true, suffixes: ['-alpine', '-bookworm', '-trixie', '-bullseye', '-alpine3.20', '-alpine3.21', '-alpine3.22'] },
    sizeMB: 58,
    cmd: ['httpd-foreground'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    workingDir: '/usr/local/apache2',
    programs: {
      'httpd-foreground': {
        kind: 'daemon',
        startupSeconds: 1,
        ports: [{ port: 80, protocol: 'HTTP' }],
        http: [{ path: '/', status: 200 }, { path: '/index.html', status: 200 }],
        httpDefaultStatus: 404,
        logs: ['AH00558: httpd: could not reliably determine the server\'s fully qualified domain name', '[mpm_event:notice] AH00489: Apache/2.4 configured -- resuming normal operations'],
        memoryMiB: 12,
        // The image's stop signal is SIGWINCH (graceful stop).
        sigterm: { handles: true, stopSeconds: 1, exitCode: 0 },
      },
    },
    files: { '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n' },
  },
  {
    repository: 'docker.io/library/busybox',
    aliases: ['registry.k8s.io/busybox', 'k8s.gcr.io/busybox', 'gcr.io/google-containers/busybox', 'gcr.io/google_containers/busybox', 'registry.k8s.io/e2e-test-images/busybox'],
    summary: 'Runs the given command with busybox sh and applets; with no command, `sh` exits 0 at once (no TTY/stdin).',
    tags: {
      exact: ['latest', 'stable', 'unstable', 'musl', 'glibc', 'uclibc', 'stable-musl', 'stable-glibc', 'stable-uclibc'],
      versions: { '1.24': 2, '1.25': 1, '1.26': 2, '1.27': 2, '1.28': 4, '1.29': 3, '1.30': 1, '1.31': 1, '1.32': 1, '1.33': 1, '1.34': 1, '1.35': 0, '1.36': 1, '1.37': 0, '1.38': 0 },
      majorTags: true,
      suffixes: ['-musl', '-glibc', '-uclibc'],
    },
    sizeMB: 4.3,
    cmd: ['sh'],
    userland: 'busybox',
    programs: {
      sh: SHELL,
      httpd: {
        kind: 'daemon', startupSeconds: 0, ports: [{ port: 80, protocol: 'HTTP' }], portFlags: [{ flag: '-p', portIndex: 0 }],
        http: [{ path: '/', status: 200 }], httpDefaultStatus: 404, sigterm: { handles: true, stopSeconds: 0, exitCode: 0 },
      },
    },
  },
  {
    repository: 'docker.io/library/alpine',
    summary: 'Runs the given command with busybox sh; with no command, `/bin/sh` exits 0 at once (no TTY/stdin).',
    tags: {
      exact: ['latest', 'edge'],
      versions: { '3.5': 3, '3.6': 5, '3.7': 3, '3.8': 5, '3.9': 6, '3.10': 9, '3.11': 13, '3.12': 12, '3.13': 12, '3.14': 10, '3.15': 11, '3.16': 9, '3.17': 10, '3.18': 12, '3.19': 8, '3.20': 8, '3.21': 5, '3.22': 2, '3.23': 0 },
      majorTags: true,
    },
    sizeMB: 3.6,
    cmd: ['/bin/sh'],
    userland: 'busybox',
    programs: { sh: SHELL },
  },
  {
    repository: 'docker.io/library/ubuntu',
    summary: 'Runs the given command with bash and GNU coreutils; with no command, `bash` exits 0 at once (no TTY/stdin).',
    tags: { exact: ['latest', 'rolling', 'devel', '14.04', '16.04', '18.04', '20.04', '22.04', '24.04', '24.10', '25.04', '25.10', '26.04', 'trusty', 'xenial', 'bionic', 'focal', 'jammy', 'noble', 'oracular', 'plucky', 'questing', 'resolute'] },
    sizeMB: 29,
    cmd: ['/bin/bash'],
    userland: 'gnu',
    programs: { bash: SHELL, sh: SHELL },
  },
  {
    repository: 'docker.io/library/debian',
    summary: 'Runs the given command with bash/dash and GNU coreutils; with no command, `bash` exits 0 at once (no TTY/stdin).',
    tags: {
      exact: ['latest', 'stable', 'oldstable', 'testing', 'unstable', 'sid', 'experimental', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'stable-slim', 'oldstable-slim', 'testing-slim', 'bookworm-slim', 'bullseye-slim', 'trixie-slim', 'buster-slim'],
      lines: { '9': 13, '10': 13, '11': 11, '12': 12, '13': 2 },
      suffixes: ['-slim'],
    },
    sizeMB: 48,
    cmd: ['bash'],
    userland: 'gnu',
    programs: { bash: SHELL, sh: SHELL },
  },
  {
    repository: 'docker.io/library/node',
    summary: 'Node.js: with no arguments the REPL exits 0 at once without a TTY/stdin; scripts are not interpreted (assumed to keep running).',
    tags: {
      exact: ['latest', 'current', 'lts', 'alpine', 'slim', 'bookworm', 'trixie', 'lts-alpine', 'lts-slim', 'current-alpine', 'current-slim', 'hydrogen', 'iron', 'jod', 'krypton', 'iron-alpine', 'jod-alpine', 'krypton-alpine'],
      versions: { '14.21': 3, '16.20': 2, '18.19': 1, '18.20': 8, '20.18': 3, '20.19': 5, '22.20': 0, '22.21': 1, '24.10': 0, '24.11': 1, '25.1': 0, '25.2': 1 },
      lines: { '14': 21, '16': 20, '18': 20, '20': 19, '22': 21, '24': 11, '25': 2 },
      majorTags: true,
      suffixes: [...ALPINE_SUFFIXES, ...DEBIAN_SUFFIXES],
    },
    sizeMB: 390,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    programs: { 'docker-entrypoint.sh': ENTRYPOINT_WRAPPER('node'), node: { kind: 'language', language: 'node' }, bash: SHELL },
    notes: ['Node.js programs are not interpreted: `node app.js` is assumed to keep running and serve the declared containerPorts.'],
  },
  {
    repository: 'docker.io/library/python',
    summary: 'Python: with no arguments the REPL exits 0 at once without a TTY/stdin; `python -m http.server [port]` serves HTTP (8000); scripts are not interpreted.',
    tags: {
      exact: ['latest', 'alpine', 'slim', 'bookworm', 'trixie', 'slim-bookworm', 'slim-trixie'],
      versions: { '2.7': 18, '3.6': 15, '3.7': 17, '3.8': 20, '3.9': 25, '3.10': 19, '3.11': 14, '3.12': 12, '3.13': 9, '3.14': 0 },
      majorTags: true,
      suffixes: [...ALPINE_SUFFIXES, ...DEBIAN_SUFFIXES],
    },
    sizeMB: 380,
    cmd: ['python3'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    programs: { python: { kind: 'language', language: 'python' }, python3: { kind: 'language', language: 'python' }, bash: SHELL },
    notes: ['Python programs are not interpreted: `python app.py` is assumed to keep running and serve the declared containerPorts.'],
  },
  {
    repository: 'docker.io/library/redis',
    aliases: ['registry.k8s.io/redis', 'k8s.gcr.io/redis', 'gcr.io/google_containers/redis', 'docker.io/kubernetes/redis'],
    summary: 'Redis server on TCP 6379 after about 1 s; `redis-cli ping` answers PONG; exits 0 on SIGTERM.',
    tags: {
      exact: ['latest', 'alpine', 'bookworm', 'trixie', 'e2e', 'v1', 'v2'],
      versions: { '3.2': 12, '4.0': 14, '5.0': 14, '6.0': 20, '6.2': 20, '7.0': 15, '7.2': 11, '7.4': 6, '8.0': 4, '8.2': 3 },
      majorTags: true,
      suffixes: [...ALPINE_SUFFIXES, '-bookworm', '-trixie'],
    },
    sizeMB: 45,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    workingDir: '/data',
    programs: {
      'docker-entrypoint.sh': ENTRYPOINT_WRAPPER('redis-server'),
      'redis-server': {
        kind: 'daemon', startupSeconds: 1, ports: [{ port: 6379, protocol: 'TCP' }], portFlags: [{ flag: '--port', portIndex: 0 }],
        logs: ['* Server initialized', '* Ready to accept connections tcp'], memoryMiB: 10,
        sigterm: { handles: true, stopSeconds: 0, exitCode: 0 },
      },
      'redis-cli': redisCli,
    },
  },
  {
    repository: 'docker.io/library/mysql',
    summary: 'MySQL on TCP 3306 after about 20 s (first start); exits 1 at once unless MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD is set.',
    tags: {
      exact: ['latest', 'lts', 'innovation', 'oracle', 'debian', 'oraclelinux9', 'lts-oracle', 'innovation-oracle'],
      versions: { '5.5': 62, '5.6': 51, '5.7': 44, '8.0': 44, '8.1': 0, '8.2': 0, '8.3': 0, '8.4': 7, '9.0': 1, '9.1': 0, '9.2': 0, '9.3': 0, '9.4': 0, '9.5': 0 },
      majorTags: true,
      suffixes: ['-oracle', '-debian', '-oraclelinux9', '-oraclelinux8'],
    },
    sizeMB: 600,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    userland: 'gnu',
    programs: {
      'docker-entrypoint.sh': ENTRYPOINT_WRAPPER('mysqld'),
      mysqld: {
        kind: 'daemon', startupSeconds: 20, ports: [{ port: 3306, protocol: 'TCP' }, { port: 33060, protocol: 'TCP' }],
        requireEnv: {
          anyOf: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'],
          logs: [
            '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
            '    You need to specify one of the following as an environment variable:',
            '    - MYSQL_ROOT_PASSWORD',
            '    - MYSQL_ALLOW_EMPTY_PASSWORD',
            '    - MYSQL_RANDOM_ROOT_PASSWORD',
          ],
          exitCode: 1,
        },
        startLogs: ['[Note] [Entrypoint]: Entrypoint script for MySQL Server started.', '[Note] [Entrypoint]: Initializing database files'],
        logs: ['[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Port: 3306'],
        memoryMiB: 400,
        sigterm: { handles: true, stopSeconds: 2, exitCode: 0 },
      },
      mysqladmin: { kind: 'healthTool', port: 3306, okOutput: 'mysqld is alive', failOutput: "mysqladmin: connect to server at 'localhost' failed", failCode: 1 },
      mysql: { kind: 'healthTool', port: 3306, okOutput: '1', failOutput: "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)", failCode: 1 },
    },
  },
  {
    repository: 'docker.io/library/postgres',
    summary: 'PostgreSQL on TCP 5432 after about 5 s (first start); exits 1 at once unless POSTGRES_PASSWORD or POSTGRES_HOST_AUTH_METHOD is set.',
    tags: {
      exact: ['latest', 'alpine', 'bookworm', 'trixie', 'bullseye'],
      versions: { '9.4': 26, '9.5': 25, '9.6': 24 },
      lines: { '10': 23, '11': 22, '12': 22, '13': 22, '14': 19, '15': 14, '16': 10, '17': 6, '18': 0 },
      suffixes: [...ALPINE_SUFFIXES, '-bookworm', '-trixie', '-bullseye'],
    },
    sizeMB: 160,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    userland: 'gnu',
    userlandByTag: [{ pattern: 'alpine', userland: 'busybox' }],
    programs: {
      'docker-entrypoint.sh': ENTRYPOINT_WRAPPER('postgres'),
      postgres: {
        kind: 'daemon', startupSeconds: 5, ports: [{ port: 5432, protocol: 'TCP' }], portFlags: [{ flag: '-p', portIndex: 0 }],
        requireEnv: {
          anyOf: ['POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD'],
          logs: [
            'Error: Database is uninitialized and superuser password is not specified.',
            '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
            '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          ],
          exitCode: 1,
        },
        startLogs: ['The files belonging to this database system will be owned by user "postgres".'],
        logs: ['LOG:  database system is ready to accept connections'],
        memoryMiB: 40,
        // The image's stop signal is SIGINT (fast shutdown).
        sigterm: { handles: true, stopSeconds: 1, exitCode: 0 },
      },
      pg_isready: { kind: 'healthTool', port: 5432, okOutput: '/var/run/postgresql:5432 - accepting connections', failOutput: '/var/run/postgresql:5432 - no response', failCode: 2 },
      psql: { kind: 'healthTool', port: 5432, okOutput: '1', failOutput: 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory', failCode: 2 },
    },
  },
  {
    repository: 'docker.io/library/mongo',
    summary: 'MongoDB on TCP 27017 after about 2 s; exits 0 on SIGTERM.',
    tags: {
      exact: ['latest', 'jammy', 'noble'],
      versions: { '3.6': 23, '4.0': 28, '4.2': 24, '4.4': 29, '5.0': 31, '6.0': 26, '7.0': 25, '8.0': 15, '8.2': 1 },
      majorTags: true,
      suffixes: ['-jammy', '-noble', '-focal'],
    },
    sizeMB: 270,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mongod'],
    userland: 'gnu',
    programs: {
      'docker-entrypoint.sh': ENTRYPOINT_WRAPPER('mongod'),
      mongod: {
        kind: 'daemon', startupSeconds: 2, ports: [{ port: 27017, protocol: 'TCP' }], portFlags: [{ flag: '--port', portIndex: 0 }],
        logs: ['{"msg":"Waiting for connections","attr":{"port":27017}}'], memoryMiB: 150,
        sigterm: { handles: true, stopSeconds: 1, exitCode: 0 },
      },
      mongosh: { kind: 'healthTool', port: 27017, okOutput: '{ ok: 1 }', failOutput: 'MongoNetworkError: connect ECONNREFUSED 127.0.0.1:27017', failCode: 1 },
      mongo: { kind: 'healthTool', port: 27017, okOutput: '{ "ok" : 1 }', failOutput: 'Error: couldn\'t connect to server 127.0.0.1:27017', failCode: 1 },
    },
  },
  {
    repository: 'docker.io/prom/node-exporter',
    aliases: ['quay.io/prometheus/node-exporter'],
    summary: 'Prometheus node exporter: HTTP on 9100 (`/metrics` and `/` answer 200) at once.',
    tags: { exact: ['latest', 'master', 'main'], versions: { '0.18': 1, '1.0': 1, '1.1': 2, '1.2': 2, '1.3': 1, '1.4': 1, '1.5': 0, '1.6': 1, '1.7': 0, '1.8': 2, '1.9': 1, '1.10': 2 }, vPrefix: true },
    sizeMB: 24,
    entrypoint: ['/bin/node_exporter'],
    userland: 'busybox',
    programs: {
      node_exporter: {
        kind: 'daemon', startupSeconds: 0, ports: [{ port: 9100, protocol: 'HTTP' }], portFlags: [{ flag: '--web.listen-address', portIndex: 0 }],
        http: [{ path: '/', status: 200 }, { path: '/metrics', status: 200 }], httpDefaultStatus: 404,
        logs: ['level=INFO msg="Listening on" address=[::]:9100'], memoryMiB: 15, sigterm: GO_SIGTERM,
      },
    },
  },
  {
    repository: 'registry.k8s.io/e2e-test-images/agnhost',
    aliases: ['k8s.gcr.io/e2e-test-images/agnhost', 'gcr.io/kubernetes-e2e-test-images/agnhost'],
    summary: 'Kubernetes test multi-tool: `liveness` serves /healthz 200 for 10 s then 500 on 8080; `netexec` serves HTTP on --http-port (8080); `serve-hostname` on 9376; `pause` waits.',
    tags: { exact: ['latest'], lines: { '2': 59 } },
    sizeMB: 50,
    entrypoint: ['/agnhost'],
    userland: 'busybox',
    programs: {
      agnhost: {
        kind: 'subcommands',
        none: { kind: 'oneshot', exitCode: 0, logs: ['agnhost: a multi-purpose binary for Kubernetes tests; give a subcommand such as netexec, liveness or pause.'] },
        commands: {
          liveness: {
            kind: 'daemon', startupSeconds: 0, ports: [{ port: 8080, protocol: 'HTTP' }],
            http: [{ path: '/healthz', status: 200, untilSeconds: 10 }, { path: '/healthz', status: 500, afterSeconds: 10 }, { path: '/redirect', status: 302 }],
            httpDefaultStatus: 404, sigterm: GO_SIGTERM,
          },
          netexec: {
            kind: 'daemon', startupSeconds: 0, ports: [{ port: 8080, protocol: 'HTTP' }, { port: 8081, protocol: 'UDP' }],
            portFlags: [{ flag: '--http-port', portIndex: 0 }, { flag: '--udp-port', portIndex: 1 }],
            http: ['/', '/echo', '/clientip', '/header', '/hostname', '/hostName', '/healthz', '/readyz', '/dial', '/shell', '/upload', '/exit'].map((path) => ({ path, status: 200 })),
            httpDefaultStatus: 404,
            logs: ['Started HTTP server on port 8080', 'Started UDP server on port  8081'],
            // netexec drains connections on SIGTERM (--delay-shutdown, default 0) and exits 0.
            sigterm: { handles: true, stopSeconds: 0, exitCode: 0 },
          },
          'serve-hostname': {
            kind: 'daemon', startupSeconds: 0, ports: [{ port: 9376, protocol: 'HTTP' }], portFlags: [{ flag: '--port', portIndex: 0 }],
            httpDefaultStatus: 200, sigterm: GO_SIGTERM,
          },
          'test-webserver': {
            kind: 'daemon', startupSeconds: 0, ports: [{ port: 80, protocol: 'HTTP' }], portFlags: [{ flag: '--port', portIndex: 0 }],
            httpDefaultStatus: 200, sigterm: GO_SIGTERM,
          },
          'grpc-health-checking': {
            kind: 'daemon', startupSeconds: 0, ports: [{ port: 5000, protocol: 'GRPC', grpcHealth: true }, { port: 8080, protocol: 'HTTP' }],
            portFlags: [{ flag: '--port', portIndex: 0 }, { flag: '--http-port', portIndex: 1 }],
            httpDefaultStatus: 200, sigterm: GO_SIGTERM,
          },
          pause: { kind: 'daemon', startupSeconds: 0, ports: [], sigterm: { handles: true, stopSeconds: 0, exitCode: 0 } },
        },
      },
    },
    notes: ['agnhost subcommands other than liveness, netexec, serve-hostname, test-webserver, grpc-health-checking and pause are not modelled: they are assumed to keep running and serve the declared containerPorts.'],
  },
  {
    repository: 'registry.k8s.io/liveness',
    aliases: ['k8s.gcr.io/liveness', 'gcr.io/google_containers/liveness', 'gcr.io/google-containers/liveness'],
    summary: 'The older liveness test server: /healthz 200 for the first 10 s, then 500, on 8080.',
    tags: { exact: ['latest'] },
    sizeMB: 2.5,
    cmd: ['/server'],
    userland: 'none',
    programs: {
      '/server': {
        kind: 'daemon', startupSeconds: 0, ports: [{ port: 8080, protocol: 'HTTP' }],
        http: [{ path: '/healthz', status: 200, untilSeconds: 10 }, { path: '/healthz', status: 500, afterSeconds: 10 }],
        httpDefaultStatus: 404, sigterm: GO_SIGTERM,
      },
    },
  },
  {
    repository: 'registry.k8s.io/goproxy',
    aliases: ['k8s.gcr.io/goproxy', 'gcr.io/google_containers/goproxy'],
    summary: 'A small HTTP proxy listening on TCP 8080 at once (plain requests to it answer 500).',
    tags: { exact: ['0.1', 'latest'] },
    sizeMB: 2.4,
    cmd: ['/goproxy'],
    userland: 'none',
    programs: {
      '/goproxy': { kind: 'daemon', startupSeconds: 0, ports: [{ port: 8080, protocol: 'HTTP' }], httpDefaultStatus: 500, sigterm: GO_SIGTERM },
    },
  },
  {
    repository: 'registry.k8s.io/pause',
    aliases: ['k8s.gcr.io/pause', 'gcr.io/google_containers/pause', 'gcr.io/google-containers/pause', 'docker.io/kubernetes/pause', 'registry.k8s.io/pause-amd64', 'gcr.io/google_containers/pause-amd64'],
    summary: 'Sleeps until stopped; exits 0 on SIGTERM.',
    tags: { exact: ['latest', 'go', '0.8.0', '1.0', '2.0', '3.0', '3.1', '3.2', '3.3', '3.4.1', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.10.1'] },
    sizeMB: 0.3,
    entrypoint: ['/pause'],
    userland: 'none',
    programs: { '/pause': { kind: 'daemon', startupSeconds: 0, ports: [], memoryMiB: 1, sigterm: { handles: true, stopSeconds: 0, exitCode: 0 } } },
  },
  {
    repository: 'registry.k8s.io/etcd',
    aliases: ['k8s.gcr.io/etcd', 'gcr.io/etcd-development/etcd', 'quay.io/coreos/etcd'],
    summary: 'etcd: client port 2379 answers gRPC health (SERVING) and HTTP /health after about 1 s.',
    tags: { exact: ['latest'], versions: { '3.4': 37, '3.5': 21, '3.6': 5 }, suffixes: ['-0', '-1', '-2', '-3'] },
    sizeMB: 60,
    cmd: ['/usr/local/bin/etcd'],
    userland: 'none',
    programs: {
      etcd: {
        kind: 'daemon', startupSeconds: 1, ports: [{ port: 2379, protocol: 'GRPC', grpcHealth: true }, { port: 2379, protocol: 'HTTP' }, { port: 2380, protocol: 'TCP' }],
        http: [{ path: '/health', status: 200 }, { path: '/version', status: 200 }, { path: '/metrics', status: 200 }], httpDefaultStatus: 404,
        memoryMiB: 30, sigterm: { handles: true, stopSeconds: 0, exitCode: 0 },
      },
    },
  },
  {
    repository: 'gcr.io/google-samples/hello-app',
    aliases: ['us-docker.pkg.dev/google-samples/containers/gke/hello-app'],
    summary: 'Sample web app: HTTP on 8080, every path answers 200 with a hello, the version and the hostname.',
    tags: { exact: ['1.0', '2.0', 'latest'] },
    sizeMB: 11,
    cmd: ['/hello-app'],
    userland: 'none',
    programs: {
      '/hello-app': { kind: 'daemon', startupSeconds: 0, ports: [{ port: 8080, protocol: 'HTTP' }], httpDefaultStatus: 200, logs: ['Server listening on port 8080'], memoryMiB: 6, sigterm: GO_SIGTERM },
    },
  },
  {
    repository: 'docker.io/traefik/whoami',
    aliases: ['docker.io/containous/whoami'],
    summary: 'Echo server: HTTP on 80 (--port), every path answers 200 with the request.',
    tags: { exact: ['latest'], versions: { '1.6': 1, '1.7': 1, '1.8': 7, '1.9': 0, '1.10': 4, '1.11': 0 }, vPrefix: true },
    sizeMB: 3.4,
    entrypoint: ['/whoami'],
    userland: 'none',
    programs: {
      '/whoami': { kind: 'daemon', startupSeconds: 0, ports: [{ port: 80, protocol: 'HTTP' }], portFlags: [{ flag: '--port', portIndex: 0 }], httpDefaultStatus: 200, logs: ['Starting up on port 80'], memoryMiB: 4, sigterm: GO_SIGTERM },
    },
  },
  {
    repository: 'docker.io/nginxdemos/hello',
    summary: 'nginx serving a page with the server name and address: HTTP on 80, `/` answers 200.',
    tags: { exact: ['latest', 'plain-text', '0.1', '0.2', '0.3', '0.4', 'plain-text-0.4'] },
    sizeMB: 10,
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    userland: 'busybox',
    programs: { 'docker-entrypoint.sh': ENTRYPOINT_WRAPPER(), nginx: { ...nginxDaemon(), httpDefaultStatus: 200 } },
  },
  {
    repository: 'docker.io/kennethreitz/httpbin',
    aliases: ['docker.io/mccutchen/go-httpbin'],
    summary: 'HTTP request and response service on 80 after about 2 s: `/status/<code>` answers that code, `/get` 200.',
    tags: { exact: ['latest'] },
    sizeMB: 190,
    cmd: ['gunicorn', '-b', '0.0.0.0:80', 'httpbin:app', '-k', 'gevent'],
    userland: 'gnu',
    programs: {
      gunicorn: {
        kind: 'daemon', startupSeconds: 2, ports: [{ port: 80, protocol: 'HTTP' }],
        http: [
          { path: '/status/*', status: 200, statusFromPath: true },
          ...['/', '/get', '/headers', '/ip', '/user-agent', '/delay/*', '/anything*', '/html', '/json', '/uuid', '/post', '/bytes/*'].map((path) => ({ path, status: 200 })),
        ],
        httpDefaultStatus: 404,
        logs: ['[INFO] Listening at: http://0.0.0.0:80 (1)'], memoryMiB: 60,
        sigterm: { handles: true, stopSeconds: 1, exitCode: 0 },
      },
    },
  },
  {
    repository: 'docker.io/polinux/stress',
    summary: 'stress: allocates --vm × --vm-bytes of memory (OOMKilled above the memory limit) and runs until stopped.',
    tags: { exact: ['latest', '1.0.4'] },
    sizeMB: 4,
    userland: 'busybox',
    programs: { stress: { kind: 'stress' } },
  },
  {
    repository: 'registry.k8s.io/hpa-example',
    aliases: ['k8s.gcr.io/hpa-example'],
    summary: 'The HorizontalPodAutoscaler walkthrough\'s PHP app: HTTP on 80, `/` answers 200.',
    tags: { exact: ['latest'] },
    sizeMB: 180,
    cmd: ['apache2-foreground'],
    userland: 'gnu',
    programs: {
      'apache2-foreground': { kind: 'daemon', startupSeconds: 1, ports: [{ port: 80, protocol: 'HTTP' }], http: [{ path: '/', status: 200 }, { path: '/index.php', status: 200 }], httpDefaultStatus: 404, memoryMiB: 20, sigterm: { handles: true, stopSeconds: 1, exitCode: 0 } },
    },
  },
  ...([
    ['frontend', 8080, 'HTTP', 2, 64],
    ['cartservice', 7070, 'GRPC', 5, 128],
    ['productcatalogservice', 3550, 'GRPC', 1, 64],
    ['currencyservice', 7000, 'GRPC', 2, 64],
    ['paymentservice', 50051, 'GRPC', 2, 64],
    ['shippingservice', 50051, 'GRPC', 1, 64],
    ['emailservice', 8080, 'GRPC', 2, 64],
    ['checkoutservice', 5050, 'GRPC', 1, 64],
    ['recommendationservice', 8080, 'GRPC', 2, 220],
    ['adservice', 9555, 'GRPC', 10, 180],
    ['shoppingassistantservice', 8080, 'HTTP', 3, 128],
  ] as const).map(([name, port, protocol, startup, memory]): ImageProfile => ({
    repository: `us-central1-docker.pkg.dev/google-samples/microservices-demo/${name}`,
    aliases: [`gcr.io/google-samples/microservices-demo/${name}`, `us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/${name}`],
    summary: `Online Boutique ${name}: ${protocol === 'GRPC' ? 'gRPC' : 'HTTP'} on ${port} with ${protocol === 'GRPC' ? 'gRPC health (SERVING)' : '`/` and `/_healthz` answering 200'} after about ${startup} s.`,
    tags: { exact: ['latest', 'main'], versions: { '0.1': 0, '0.2': 4, '0.3': 10, '0.4': 2, '0.5': 2, '0.6': 0, '0.7': 0, '0.8': 1, '0.9': 0, '0.10': 6 }, vPrefix: true },
    sizeMB: 60,
    cmd: ['/server'],
    userland: 'none',
    programs: { '/server': microservice(port, protocol, startup, memory).server },
  })),
  {
    repository: 'us-central1-docker.pkg.dev/google-samples/microservices-demo/loadgenerator',
    aliases: ['gcr.io/google-samples/microservices-demo/loadgenerator', 'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/loadgenerator'],
    summary: 'Online Boutique load generator: sends traffic to FRONTEND_ADDR until stopped (traffic is not simulated).',
    tags: { exact: ['latest', 'main'], versions: { '0.1': 0, '0.2': 4, '0.3': 10, '0.4': 2, '0.5': 2, '0.6': 0, '0.7': 0, '0.8': 1, '0.9': 0, '0.10': 6 }, vPrefix: true },
    sizeMB: 90,
    cmd: ['/loadgen'],
    userland: 'gnu',
    programs: { '/loadgen': { kind: 'daemon', startupSeconds: 1, ports: [], memoryMiB: 150, sigterm: { handles: true, stopSeconds: 0, exitCode: 0 } } },
  },
];
