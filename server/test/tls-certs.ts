/**
 * Test certificates: a fresh self-signed pair made by the `openssl` command
 * (Node's crypto cannot issue X.509). Each is its own CA, valid for
 * 127.0.0.1 and localhost, with the common name given.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** A generated pair: file paths and the certificate's PEM (to trust it as a CA). */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  certPem: string;
}

/** Writes `<name>.cert.pem` and `<name>.key.pem` into `dir`, with CN `commonName`. */
export function makeCertificate(dir: string, name: string, commonName: string): TestCertificate {
  const certFile = path.join(dir, `${name}.cert.pem`);
  const keyFile = path.join(dir, `${name}.key.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "pipe" },
  );
  return { certFile, keyFile, certPem: fs.readFileSync(certFile, "utf8") };
}
