import { type CompiledModel, compileModel } from '../scoring';
import { DEFAULT_ACCOUNT_MODEL } from '../scoring/default-account-model';

let compiled: CompiledModel | undefined;

/**
 * The account model, compiled once per isolate. Accounts are scored by the shipped account model
 * (`scoring/default-account-model.ts`); it is a model like a lead's, in the same format.
 */
export function accountModel(): CompiledModel {
  compiled ??= compileModel(DEFAULT_ACCOUNT_MODEL);
  return compiled;
}
