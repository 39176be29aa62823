/**
 * The outside referee: Mender's published OpenAPI document, checked with
 * openapi-backend (Ajv underneath). Test support only; nothing in the
 * server depends on it.
 */
import { OpenAPIBackend, type Operation } from 'openapi-backend';

/** One exchange as the referee sees it, taken from a fetch Request/Response pair. */
export interface RefereeExchange {
  readonly method: string;
  readonly path: string;
  /** The server's route pattern, named in findings for routes the spec lacks. */
  readonly route: string;
  readonly query: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: unknown;
  /** Whether the test meant the request to be well-formed. */
  readonly good: boolean;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly responseBody: unknown;
}

/** Where the spec and the exchange disagree. */
export interface Finding {
  readonly kind:
    | 'route-not-in-spec'
    | 'good-request-invalid'
    | 'status-not-in-spec'
    | 'content-type-differs'
    | 'body-invalid';
  /** `METHOD /spec/path/{param}` or, without an operation, `METHOD /path`. */
  readonly operation: string;
  readonly status: number;
  readonly detail: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class OpenApiReferee {
  private constructor(private readonly api: OpenAPIBackend) {}

  static async load(definitionPath: string): Promise<OpenApiReferee> {
    const api = new OpenAPIBackend({
      definition: definitionPath,
      quick: true,
      validate: true,
      strict: false,
      customizeAjv: (ajv) => {
        ajv.addFormat('date-time', DATE_TIME);
        ajv.addFormat('uuid', UUID);
        for (const lenient of [
          'url',
          'uri',
          'uri-reference',
          'long',
          'base64',
          'email',
          'byte',
          'binary',
          'int64',
          'int32',
        ]) {
          ajv.addFormat(lenient, true);
        }
        return ajv;
      },
    });
    await api.init();
    return new OpenApiReferee(api);
  }

  /** The findings for one exchange; an empty list means the spec agrees. */
  judge(exchange: RefereeExchange): Finding[] {
    const request = {
      method: exchange.method.toLowerCase(),
      path: exchange.path,
      query: exchange.query,
      headers: exchange.requestHeaders,
      body: exchange.requestBody,
    };
    const operation = this.api.matchOperation(request);
    if (operation === undefined) {
      return [
        {
          kind: 'route-not-in-spec',
          operation: exchange.route,
          status: exchange.status,
          detail: 'no operation in the spec matches this method and path',
        },
      ];
    }
    const name = `${exchange.method} ${operation.path}`;
    const findings: Finding[] = [];
    if (exchange.good) {
      const result = this.api.validateRequest(request, operation);
      if (!result.valid) {
        findings.push({
          kind: 'good-request-invalid',
          operation: name,
          status: exchange.status,
          detail: JSON.stringify(result.errors),
        });
      }
    }
    const documented = documentedResponse(operation, exchange.status);
    if (documented === undefined) {
      findings.push({
        kind: 'status-not-in-spec',
        operation: name,
        status: exchange.status,
        detail: `documented: ${Object.keys(operation.responses ?? {}).join(', ')}`,
      });
      return findings;
    }
    const content = (documented as { content?: Record<string, unknown> }).content;
    const mediaTypes = Object.keys(content ?? {});
    const actual = exchange.contentType?.split(';')[0]?.trim();
    if (mediaTypes.length === 0) {
      if (actual !== undefined && exchange.responseBody !== undefined) {
        findings.push({
          kind: 'content-type-differs',
          operation: name,
          status: exchange.status,
          detail: `spec documents no body, server sent ${actual}`,
        });
      }
      return findings;
    }
    if (actual === undefined || !mediaTypes.includes(actual)) {
      findings.push({
        kind: 'content-type-differs',
        operation: name,
        status: exchange.status,
        detail: `spec: ${mediaTypes.join(', ')}; server: ${actual ?? '(none)'}`,
      });
      return findings;
    }
    if (actual.includes('json')) {
      const result = this.api.validateResponse(
        exchange.responseBody,
        operation,
        exchange.status,
      );
      if (!result.valid) {
        findings.push({
          kind: 'body-invalid',
          operation: name,
          status: exchange.status,
          detail: JSON.stringify(result.errors),
        });
      }
    }
    return findings;
  }
}

function documentedResponse(operation: Operation, status: number): unknown {
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  return (
    responses[String(status)] ??
    responses[`${String(status)[0]}XX`] ??
    responses['default']
  );
}
