/**
 * Publishing the link's public address: Route53 through the AWS SDK v2 (url-connection client), the reference
 * DDNS Lambda by function URL or invoke, the record reconciliation, {@code dns push}, {@code route53 setup} (health
 * checks and failover records), and verification against the authoritative name servers.
 */
package dev.failberry.dns;
