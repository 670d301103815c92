/** A throwaway PostgreSQL cluster on a loopback port (see postgres-server.mjs). */
export interface PostgresServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}
export function startPostgres(): Promise<PostgresServer>;
export function ensurePostgres(log?: (text: string) => void): boolean;
export function postgresBin(): string | undefined;
