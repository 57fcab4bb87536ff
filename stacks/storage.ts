/**
 * The events table, declared from the core package's table definition (the
 * same one the embedded store creates locally; see stacks/table-args.ts), and
 * what linking it grants.
 */
import { eventsTableArgs, eventsTableSettings, isProductionStage } from "./table-args";

const production = isProductionStage($app.stage);

/**
 * Least privilege through SST linking. Linking a Dynamo component grants
 * `dynamodb:*` on the table by default; this narrows the link to the
 * operations the event service performs (GetItem and BatchGetItem; PutItem
 * for a create; UpdateItem; DeleteItem; ConditionCheckItem, which with the
 * write actions is what TransactWriteItems is authorised by; Query on the
 * indexes for lists; DescribeTable for /health), on this table and its
 * indexes only. Idempotency records expire through the table's TTL (`ttl` in
 * table-args.ts), which needs no permission of the function. The function never creates
 * or deletes tables. A new kind of store operation must be added here.
 * The link also carries the table's name, read at run time as
 * `Resource.Events.name` (packages/api/src/runtime/config.ts).
 */
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({
  properties: { name: table.name },
  include: [
    sst.aws.permission({
      actions: [
        "dynamodb:DescribeTable",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
      ],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    }),
  ],
}));

const settings = eventsTableSettings({ production });

export const table = new sst.aws.Dynamo("Events", {
  ...eventsTableArgs({ production }),
  transform: {
    table: (args, opts) => {
      Object.assign(args, settings);
      // Production data outlives the stack: `sst remove`, or deleting the
      // table from this file, leaves it in the account (the app's `removal:
      // "retain"` does this for every table already; stated here for this one).
      if (production) opts.retainOnDelete = true;
    },
  },
});
