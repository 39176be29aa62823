/**
 * Which real server the mock stands for.
 * - `hosted` (default): hosted Mender / Enterprise. The v2 next-deployment
 *   endpoint exists, auth requests must carry the tenant token, and tokens
 *   carry the `mender.tenant` claim.
 * - `open-source`: the open-source server. v2 next answers 404, as
 *   mender-mcu expects before falling back to v1 GET; no tenant token.
 */
export type ServerProfile = 'hosted' | 'open-source';

/** The plan claim deviceauth puts in device tokens (`enterprise` on OSS). */
export const DEFAULT_PLAN = 'enterprise';

/** The `iss` claim: deviceauth's default issuer. */
export const TOKEN_ISSUER = 'Mender';

/** Device token lifetime: deviceauth's default `jwt_exp_timeout`, 7 days. */
export const DEVICE_TOKEN_LIFETIME_MS = 604_800 * 1000;

/**
 * The built-in administrator's token lifetime. useradm's default is one
 * week; the mock makes it outlive any simulated run so the admin panel never
 * has to log in again (user management is not modelled).
 */
export const ADMIN_TOKEN_LIFETIME_MS = 10 * 365 * 24 * 3600 * 1000;
