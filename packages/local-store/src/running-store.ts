/** A DynamoDB-compatible store listening on loopback. */
export interface RunningStore {
  /** http://127.0.0.1:<port>, for the AWS SDK's `endpoint`. */
  endpoint: string;
  /** Stops the store (and closes its files). */
  close(): Promise<void>;
}
