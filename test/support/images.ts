// Images with several layers for the push tests, made offline: a busybox base (see
// system.ts) and one `docker commit` per extra layer of random bytes.
import { join } from 'node:path';
import { makeBusyboxImage, runOk, docker } from './system.js';

/** Makes `ref` with the busybox layer plus one layer of random bytes per entry of `layerBytes`. */
export function makeLayeredImage(ref: string, layerBytes: number[]): void {
  const base = `${ref.replace(/[:/]/g, '-')}-base:tmp`;
  makeBusyboxImage(base);
  let from = base;
  layerBytes.forEach((bytes, i) => {
    const name = `layer-${process.pid}-${Date.now()}-${i}`;
    runOk('docker', [
      'run',
      '--name',
      name,
      '--network',
      'none',
      from,
      '/bin/busybox',
      'sh',
      '-c',
      `/bin/busybox head -c ${bytes} /dev/urandom > /layer-${i}.bin`,
    ]);
    const next = i === layerBytes.length - 1 ? ref : `${base}-${i}`;
    runOk('docker', ['commit', '--change', 'CMD ["/bin/sh"]', name, next]);
    runOk('docker', ['rm', name]);
    from = next;
  });
  if (layerBytes.length === 0) runOk('docker', ['tag', base, ref]);
  docker(['rmi', base]);
}

/** Writes the CA for `host` where the private dockerd looks for it (certs.d). */
export function trustForDocker(host: string, caFile: string): void {
  runOk('sh', [
    '-c',
    `mkdir -p /etc/docker/certs.d/${host} && cp ${caFile} /etc/docker/certs.d/${host}/ca.crt`,
  ]);
}

/** Writes local image `ref` into `dir` as a `docker save` archive and as an OCI archive (skopeo). */
export function saveImageArchives(ref: string, dir: string): { saveTar: string; ociTar: string } {
  const saveTar = join(dir, 'image.tar');
  const ociTar = join(dir, 'image-oci.tar');
  runOk('docker', ['save', '-o', saveTar, ref]);
  runOk('skopeo', [
    'copy',
    '--quiet',
    '--src-daemon-host',
    process.env.DOCKER_HOST!,
    `docker-daemon:${ref}`,
    `oci-archive:${ociTar}`,
  ]);
  return { saveTar, ociTar };
}
