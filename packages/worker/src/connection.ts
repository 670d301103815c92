/**
 * One database's connection as the service uses it: opened once on the first call; while the open
 * waits for another connection that keeps an older version open (`blocked`), calls fail at once
 * with DATABASE_BLOCKED and the open goes on, so a later call succeeds; after another tab upgraded
 * or deleted the database, calls fail with DATABASE_CLOSED. Storage failures become coded errors.
 */
import {InvoiceRunError} from '@invoice-run/core';
import type {InvoiceRunDb} from './db.js';
import {toInvoiceRunError} from './errors.js';

function blockedError(): InvoiceRunError {
  return new InvoiceRunError(
    'DATABASE_BLOCKED',
    'The billing database cannot be opened: another tab keeps an older version of it open. Close the other tabs of this application and try again.',
  );
}

export class DatabaseConnection {
  private opening: Promise<void> | undefined;
  private opened = false;
  private blocked = false;
  private readonly openWaiters: ((error: unknown) => void)[] = [];
  private closedReason: string | undefined;

  constructor(private readonly db: InvoiceRunDb) {
    db.on('versionchange', () => {
      // Another tab upgrades or deletes the database: let it, and say so on the next call.
      this.closedReason = 'another tab upgraded or deleted it';
      this.opened = false;
      db.close({disableAutoOpen: true});
      return false;
    });
  }

  /** Runs `task` once the database is open; every failure as an `InvoiceRunError` where coded. */
  async call<T>(task: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      return await task();
    } catch (error) {
      throw toInvoiceRunError(error);
    }
  }

  close(): void {
    this.db.close();
  }

  private ready(): Promise<void> {
    if (this.closedReason !== undefined) {
      return Promise.reject(
        new InvoiceRunError(
          'DATABASE_CLOSED',
          `The billing database was closed: ${this.closedReason}. Reload the page to open it again.`,
        ),
      );
    }
    if (this.opened) return Promise.resolve();
    if (this.opening === undefined) {
      this.blocked = false;
      const onBlocked = () => {
        this.blocked = true;
        for (const reject of this.openWaiters.splice(0)) reject(blockedError());
      };
      this.db.on('blocked', onBlocked);
      this.opening = this.db.open().then(
        () => {
          this.db.on('blocked').unsubscribe(onBlocked);
          this.blocked = false;
          this.opened = true;
        },
        (error: unknown) => {
          this.db.on('blocked').unsubscribe(onBlocked);
          this.opening = undefined;
          throw error;
        },
      );
    }
    if (this.blocked) return Promise.reject(blockedError());
    const opening = this.opening;
    return new Promise<void>((resolve, reject) => {
      this.openWaiters.push(reject);
      opening.then(resolve, reject).finally(() => {
        const index = this.openWaiters.indexOf(reject);
        if (index >= 0) this.openWaiters.splice(index, 1);
      });
    });
  }
}
