/** Variable names that look like they hold secrets: `*KEY*`, `*TOKEN*`, `*SECRET*`, `*PASSWORD*` and kin. */
const SECRET_NAME =
  /KEY|TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|PRIVATE|AUTH|COOKIE|SESSION|_PAT$|^PAT_|_PWD$|DSN|CONNECTION_STRING/i;

/** True when an environment variable's name suggests its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
