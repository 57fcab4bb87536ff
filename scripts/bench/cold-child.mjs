// One cold start, in a fresh Node process: import the bundle, answer one
// request, print the time both took and the status.
const started = performance.now();
const { handler } = await import(process.argv[2]);
const imported = performance.now();
const event = JSON.parse(process.argv[3]);
const response = await handler(event, { awsRequestId: "cold-start", functionName: "bench", getRemainingTimeInMillis: () => 30000 });
const done = performance.now();
process.stdout.write("\n" + JSON.stringify({ importMs: imported - started, firstRequestMs: done - imported, totalMs: done - started, status: response.statusCode }));
process.exit(0);
