// What may stay in Latin script in the Russian UI: commands, paths, image references and
// other names with digits, dots, slashes or colons; what the catalogs quote verbatim («…»,
// `…`); and this short list of product names, protocols and commands. Any other Latin word
// is English that was not translated.

/** Names of several words, taken out before the text is split into words. */
const allowedPhrases = [
  'Edge Registry Companion',
  'Docker Desktop',
  'Docker Engine',
  'docker save',
  'docker login',
  'docker push',
  'Windows Defender Application Control',
  'Defender Application Control',
];

/** Single words: products, protocols and abbreviations as Russian texts write them. */
export const allowedLatinWords = new Set([
  'Docker',
  'docker',
  'Kubernetes',
  'YAML',
  'JSON',
  'kubectl',
  'skopeo',
  'podman',
  'curl',
  'Windows',
  'macOS',
  'Linux',
  'PowerShell',
  'AppLocker',
  'sudo',
  'TMPDIR',
  'Distribution',
  'OCI',
  'Get-HcsKubernetesContainerRegistryInfo',
  'Endpoint',
  'HTTPS',
  'HTTP',
  'TLS',
  'DNS',
  'VPN',
  'SAN',
  'IP',
  'ID',
  'SHA',
  'hosts',
  'inode',
  'certs.d',
  // The language switch shows the languages' codes.
  'EN',
  'RU',
]);

/** The Latin-script words of `text` that are none of the above. */
export function foreignWords(text: string): string[] {
  let prose = text.replace(/«[^»]*»|`[^`]*`/g, ' ');
  for (const p of allowedPhrases) prose = prose.split(p).join(' ');
  // A word right after a dot is a file extension (.tar, .cer); one with a digit, dot, slash,
  // colon, @ or a hyphen inside is a name, path or reference (edge-apps, ase-ecr-credentials).
  return (prose.match(/\.?[A-Za-z][\w./:@-]*/g) ?? [])
    .map((w) => w.replace(/[.:-]+$/, ''))
    .filter((w) => !w.startsWith('.') && !/[\d./:@_]|\w-\w/.test(w) && !allowedLatinWords.has(w));
}
