import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** The ConfigError that loadConfig throws for `env`; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('runs on an empty environment with local defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.bodyLimit).toBe(1_048_576);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('resolves the default data directory to ./data under the working directory', () => {
    const { dataDir } = loadConfig({});
    expect(path.isAbsolute(dataDir)).toBe(true);
    expect(dataDir).toBe(path.join(process.cwd(), 'data'));
  });

  it('resolves a relative DATA_DIR against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'var/newsroom' }).dataDir).toBe(path.join(process.cwd(), 'var', 'newsroom'));
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: '   ', HOST: '', DATABASE_URL: ' ', LOG_LEVEL: '\t', PUBLIC_BASE_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('defaults to process.env when called without an argument', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4567';
    try {
      expect(loadConfig().port).toBe(4567);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});

describe('loadConfig reads valid values', () => {
  it('takes port, host, database URL, token, log level and body limit', () => {
    const token = 'x'.repeat(24);
    const config = loadConfig({
      PORT: '8080',
      HOST: '10.0.0.5',
      DATABASE_URL: 'postgresql://app:secret@db.internal:5432/newsroom',
      ADMIN_TOKEN: token,
      LOG_LEVEL: 'DEBUG',
      BODY_LIMIT: '2048',
    });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('10.0.0.5');
    expect(config.databaseUrl).toBe('postgresql://app:secret@db.internal:5432/newsroom');
    expect(config.adminToken).toBe(token);
    expect(config.logLevel).toBe('debug');
    expect(config.bodyLimit).toBe(2048);
    expect(config.publicBaseUrl).toBe('http://10.0.0.5:8080');
  });

  it('accepts the postgres: scheme too', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/newsroom' }).databaseUrl).toBe('postgres://localhost/newsroom');
  });

  it('trims surrounding whitespace from values', () => {
    expect(loadConfig({ PORT: ' 8081 ' }).port).toBe(8081);
  });

  it('accepts the edges of the port range', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('removes the trailing slash of PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://news.example.com/' }).publicBaseUrl).toBe('https://news.example.com');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://news.example.com/paper//' }).publicBaseUrl).toBe(
      'https://news.example.com/paper',
    );
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://news.example.com:8080/paper' }).publicBaseUrl).toBe(
      'http://news.example.com:8080/paper',
    );
  });

  it('derives a reachable public base URL from a wildcard or IPv6 host', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicBaseUrl).toBe('http://localhost:9000');
    expect(loadConfig({ HOST: '::' }).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ HOST: '::1' }).publicBaseUrl).toBe('http://[::1]:3000');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(3000);
  });
});

describe('loadConfig rejects bad values', () => {
  const cases: [variable: string, value: string][] = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['HOST', 'bad host'],
    ['HOST', 'example.com/x'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['PUBLIC_BASE_URL', 'news.example.com'],
    ['ADMIN_TOKEN', 'too-short'],
    ['ADMIN_TOKEN', `${'a'.repeat(20)} ${'b'.repeat(20)}`],
    ['ADMIN_TOKEN', `${'中'.repeat(30)}`],
    ['BODY_LIMIT', '10'],
    ['BODY_LIMIT', 'lots'],
  ];

  it.each(cases)('%s=%j throws a ConfigError naming the variable on one line', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(variable);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('keeps the message on one line even when the value holds a newline', () => {
    const error = configError({ LOG_LEVEL: 'lo\nud' });
    expect(error.variable).toBe('LOG_LEVEL');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('names the offending value so the operator can find it', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('"loud"');
  });

  it('does not echo the ADMIN_TOKEN it rejects', () => {
    const secret = 'short-secret-value';
    expect(configError({ ADMIN_TOKEN: secret }).message).not.toContain(secret);
  });

  it('reports the first bad variable when several are bad', () => {
    expect(configError({ PORT: 'abc', LOG_LEVEL: 'loud' }).variable).toBe('PORT');
  });

  describe('a DATABASE_URL with a password', () => {
    const urls = [
      'mysql://app:Hunter2Secret@db.example/newsroom',
      'postgres://app:Hunter2Secret@db host/newsroom',
      'postgres://app:Hunter2Secret@db.example:notaport/newsroom',
      // Unescaped `/`, `@`, `#` or `?` in the password make the URL unparsable; the error must still hide it.
      'postgres://app:Hunter2/Secret@db.example:5432/newsroom',
      'postgres://app:Hunter2@Secret@db example/newsroom',
      'postgres://app:Hunter2#Secret@db.example:bad/newsroom',
      'postgres://app:Hunter2?Secret@db.example:bad/newsroom',
    ];

    it.each(urls)('%s is rejected without echoing the password', (raw) => {
      const error = configError({ DATABASE_URL: raw });
      expect(error.variable).toBe('DATABASE_URL');
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).not.toContain('Hunter2');
      expect(error.message).not.toContain('Secret');
    });

    it('still shows enough of an unparsable URL to find the mistake', () => {
      const error = configError({ DATABASE_URL: 'postgres://app:Hunter2@db host/newsroom' });
      expect(error.message).toContain('db host/newsroom');
      expect(error.message).toContain('app');
    });
  });
});

describe('failed sign-ins and proxies', () => {
  it('limits 20 bad tokens a minute and trusts no proxy by default', () => {
    const config = loadConfig({});
    expect(config.authFailureLimit).toBe(20);
    expect(config.trustProxy).toBe(false);
  });

  it('reads AUTH_FAILURE_LIMIT and refuses zero or words', () => {
    expect(loadConfig({ AUTH_FAILURE_LIMIT: '100' }).authFailureLimit).toBe(100);
    expect(configError({ AUTH_FAILURE_LIMIT: '0' }).variable).toBe('AUTH_FAILURE_LIMIT');
    expect(configError({ AUTH_FAILURE_LIMIT: 'many' }).variable).toBe('AUTH_FAILURE_LIMIT');
  });

  it('reads TRUST_PROXY as a switch or a list of addresses, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1,::1');
    expect(configError({ TRUST_PROXY: 'nginx' }).message).toContain('TRUST_PROXY');
    expect(configError({ TRUST_PROXY: '10.0.0.1;rm' }).variable).toBe('TRUST_PROXY');
  });
});

describe('browser origins of the newsroom API', () => {
  it('allows none by default', () => {
    expect(loadConfig({}).apiCorsOrigins).toEqual([]);
  });

  it('reads API_CORS_ORIGINS as a list of origins, written as browsers send them', () => {
    expect(loadConfig({ API_CORS_ORIGINS: 'https://desk.example.com, http://localhost:5173,HTTPS://Desk2.Example.com:443/' }).apiCorsOrigins).toEqual([
      'https://desk.example.com',
      'http://localhost:5173',
      'https://desk2.example.com',
    ]);
  });

  it('refuses a wildcard, a path, another scheme or a word, naming the variable and the entry', () => {
    for (const bad of ['*', 'https://desk.example.com/app', 'desk.example.com', 'ftp://desk.example.com', 'https://user@desk.example.com', 'https://desk.example.com?x=1']) {
      const error = configError({ API_CORS_ORIGINS: `https://ok.example.com,${bad}` });
      expect(error.variable, bad).toBe('API_CORS_ORIGINS');
      expect(error.message).toContain(JSON.stringify(bad));
    }
  });
});

describe('the paper’s time zone', () => {
  it('is Asia/Shanghai unless TIME_ZONE names another, written canonically', () => {
    expect(loadConfig({}).timeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ TIME_ZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
    expect(loadConfig({ TIME_ZONE: ' america/new_york ' }).timeZone).toBe('America/New_York');
    expect(loadConfig({ TIME_ZONE: 'UTC' }).timeZone).toBe('UTC');
  });

  it('refuses a zone Intl does not know, and a bare offset, naming TIME_ZONE', () => {
    for (const bad of ['Mars/Olympus_Mons', 'China', '+08:00', 'GMT+8 ']) {
      const error = configError({ TIME_ZONE: bad });
      expect(error.variable, bad).toBe('TIME_ZONE');
      expect(error.message).toContain('IANA time zone');
    }
  });
});
