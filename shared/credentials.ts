/**
 * A registry user name and password: what the embedded registry checks (Basic) and what the
 * registry client sends (Basic, or to a Bearer token server).
 */
export interface Credentials {
  username: string;
  password: string;
}
