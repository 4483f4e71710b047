/** Faults (not expected outcomes): something broke. Expected outcomes are values, see commands/reply.ts. */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input the user gave that cannot be used; the message is safe to show. */
export class UserInputError extends AppError {}

export class StoreError extends AppError {}
