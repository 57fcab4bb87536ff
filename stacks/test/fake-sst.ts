/**
 * Just enough of SST's globals (`sst`, `aws`, `$app`, `$config`,
 * `$interpolate`, `$resolve`) to evaluate sst.config.ts and stacks/*.ts in a test, with no Pulumi engine:
 * outputs are known values, and each component records the arguments it was
 * created with, so a test reads what the stacks would hand SST.
 */

/** A Pulumi output whose value is already known. */
export class Known<T> {
  constructor(readonly value: T) {}
  apply<U>(f: (value: T) => U | Known<U>): Known<U> {
    const result = f(this.value);
    return result instanceof Known ? result : new Known(result);
  }
}

const unwrap = (value: unknown): unknown => (value instanceof Known ? unwrap(value.value) : value);

export interface Created {
  type: string;
  name: string;
  args: Record<string, unknown>;
}

export interface FakeSst {
  created: Created[];
  /** The arguments of the one component of that type (fails when there is not exactly one). */
  args(type: string): Record<string, unknown>;
  /** Evaluates an output (or a plain value) to its value. */
  value(output: unknown): unknown;
}

export const FAKE_REGION = "eu-west-1";
export const FAKE_USER_POOL_ID = "eu-west-1_AbCdEf123";
export const FAKE_CLIENT_ID = "4tq0example0client0id";
export const FAKE_API_URL = "https://api.example.execute-api.eu-west-1.amazonaws.com";
export const FAKE_CLOUDFRONT_URL = "https://d111111abcdef8.cloudfront.net";
export const FAKE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const FAKE_QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-attempts";
export const FAKE_QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:webhook-attempts";

/** Installs the globals on globalThis (a test removes them with the returned function). */
export function installFakeSst(stage: string): { sst: FakeSst; uninstall: () => void } {
  const created: Created[] = [];
  const record = (type: string, name: string, args: unknown) => created.push({ type, name, args: (args ?? {}) as Record<string, unknown> });

  class Component {
    constructor(type: string, name: string, args: unknown) {
      record(type, name, args);
    }
  }

  const globals: Record<string, unknown> = {
    $app: { name: "events-api", stage },
    $config: (config: unknown) => config,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      new Known(strings.reduce((text, part, i) => text + part + (i < values.length ? String(unwrap(values[i])) : ""), "")),
    $resolve: (values: unknown[]) => new Known(values.map(unwrap)),
    aws: {
      getRegionOutput: () => ({ region: new Known(FAKE_REGION) }),
      kms: {
        Key: class extends Component {
          readonly id = new Known(FAKE_KEY_ID);
          readonly arn = new Known(`arn:aws:kms:eu-west-1:123456789012:key/${FAKE_KEY_ID}`);
          constructor(name: string, args: unknown) {
            super("aws.kms.Key", name, args);
          }
        },
      },
      cognito: {
        UserPoolDomain: class extends Component {
          constructor(name: string, args: unknown) {
            super("aws.cognito.UserPoolDomain", name, args);
          }
        },
      },
    },
    sst: {
      Secret: class extends Component {
        readonly value = new Known("");
        constructor(name: string, placeholder: unknown) {
          super("sst.Secret", name, { placeholder });
        }
      },
      Linkable: { wrap: () => undefined },
      aws: {
        permission: (args: unknown) => args,
        Dynamo: class extends Component {
          readonly name = new Known("events-table");
          readonly arn = new Known("arn:aws:dynamodb:eu-west-1:123456789012:table/events-table");
          constructor(name: string, args: unknown) {
            super("sst.aws.Dynamo", name, args);
          }
          /** Recorded as `sst.aws.Dynamo.subscribe`: the subscriber (a function's args) and the subscription's args. */
          subscribe(name: string, subscriber: unknown, args: unknown) {
            record("sst.aws.Dynamo.subscribe", name, { subscriber, ...(args as object) });
            return new Known({ name });
          }
        },
        Function: class extends Component {
          readonly arn = new Known("arn:aws:lambda:eu-west-1:123456789012:function:api");
          constructor(name: string, args: unknown) {
            super("sst.aws.Function", name, args);
          }
        },
        ApiGatewayV2: class extends Component {
          readonly url = new Known(FAKE_API_URL);
          constructor(name: string, args: unknown) {
            super("sst.aws.ApiGatewayV2", name, args);
          }
          route(route: string, handler: unknown) {
            record("sst.aws.ApiGatewayV2.route", route, { handler });
          }
        },
        StaticSite: class extends Component {
          readonly url: Known<string>;
          constructor(name: string, args: { domain?: string } | undefined) {
            super("sst.aws.StaticSite", name, args);
            // As SST's: the domain's URL when it has one, CloudFront's otherwise.
            this.url = new Known(args?.domain ? `https://${args.domain}` : FAKE_CLOUDFRONT_URL);
          }
        },
        Queue: class extends Component {
          readonly url = new Known(FAKE_QUEUE_URL);
          readonly arn = new Known(FAKE_QUEUE_ARN);
          constructor(
            private readonly queueName: string,
            args: unknown,
          ) {
            super("sst.aws.Queue", queueName, args);
          }
          /** Recorded as `sst.aws.Queue.subscribe`, under the queue's name: the subscriber and the subscription's args. */
          subscribe(subscriber: unknown, args: unknown) {
            record("sst.aws.Queue.subscribe", this.queueName, { subscriber, ...(args as object) });
            return new Known({});
          }
        },
        Cron: class extends Component {
          constructor(name: string, args: unknown) {
            super("sst.aws.Cron", name, args);
          }
        },
        CognitoUserPool: class extends Component {
          readonly id = new Known(FAKE_USER_POOL_ID);
          constructor(name: string, args: unknown) {
            super("sst.aws.CognitoUserPool", name, args);
          }
          addClient(name: string, args: unknown) {
            record("sst.aws.CognitoUserPoolClient", name, args);
            return { id: new Known(FAKE_CLIENT_ID) };
          }
        },
      },
    },
  };

  const target = globalThis as Record<string, unknown>;
  const previous = Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)] as const);
  Object.assign(target, globals);

  return {
    sst: {
      created,
      args(type) {
        const matching = created.filter((c) => c.type === type);
        if (matching.length !== 1) throw new Error(`expected one ${type}, found ${matching.length}`);
        return matching[0]!.args;
      },
      value: unwrap,
    },
    uninstall() {
      for (const [key, descriptor] of previous) {
        if (descriptor) Object.defineProperty(target, key, descriptor);
        else delete target[key];
      }
    },
  };
}
