/** Turns the database's own uniqueness errors into the core's `UniqueViolation`. */
import { UniqueViolation } from '../core/ports.js';

/** A unique or primary-key constraint refused the write (SQLite or Postgres). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write, raising `UniqueViolation` (with the driver's error as cause) when a unique rule refuses it. */
export async function uniquely<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueViolation(`${what} already exists`, { cause: error });
    throw error;
  }
}
