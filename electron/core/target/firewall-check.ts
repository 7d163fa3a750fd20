/**
 * Whether an Azure flexible server's firewall lets this machine in, from its rules and the address
 * this machine uses on the way to the server. Pure, so every rule is tested without Azure; the
 * address comes from {@link sourceAddressTo}. A server sees a private address only from inside its
 * network: behind NAT it sees the network's public address, which this machine cannot know.
 */
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import type { PreflightCheck } from './types';

/** A firewall rule: an inclusive IPv4 range. */
export interface FirewallRange {
  name: string;
  startIpAddress: string;
  endIpAddress: string;
}

/** What the firewall check needs to know about the server. */
export interface FirewallFacts {
  serverName: string;
  resourceGroup: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  rules: FirewallRange[];
  /** This machine's address toward the server (null when it could not be found). */
  address: string | null;
}

const toNumber = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** True for loopback, private (RFC 1918), link-local and carrier-grade NAT addresses: not what the server sees across the internet. */
export function isPrivateAddress(ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

/** The rule that lets `ip` in, if any. */
export function ruleFor(rules: FirewallRange[], ip: string): FirewallRange | undefined {
  if (!isIPv4(ip)) return undefined;
  const n = toNumber(ip);
  return rules.find((r) => isIPv4(r.startIpAddress) && isIPv4(r.endIpAddress) && toNumber(r.startIpAddress) <= n && n <= toNumber(r.endIpAddress));
}

const describe = (rules: FirewallRange[]): string => rules.length
  ? rules.map((r) => `${r.name} (${r.startIpAddress === r.endIpAddress ? r.startIpAddress : `${r.startIpAddress}–${r.endIpAddress}`})`).join(', ')
  : 'no rule';

/** The exact command that adds `ip`; the portal's "Add current client IP address" does the same. */
export function addRuleCommand(f: Pick<FirewallFacts, 'serverName' | 'resourceGroup'>, ip: string): string {
  return `az postgres flexible-server firewall-rule create --resource-group ${f.resourceGroup} --name ${f.serverName} --rule-name pgflex-${ip.replace(/\./g, '-')} --start-ip-address ${ip} --end-ip-address ${ip}`;
}

/** The firewall line of the pre-flight: 'fail' means a connection cannot get through and says what to add. */
export function firewallCheck(f: FirewallFacts): PreflightCheck {
  const base = { id: 'firewall', label: 'Server firewall' } as const;
  if (f.publicNetworkAccess === 'Disabled') {
    return { ...base, status: 'warn', detail: `"${f.serverName}" has private access only (a virtual network): firewall rules do not apply.`,
      fix: 'Run the app on a machine in that virtual network (or a peered one, or through a VPN into it).' };
  }
  const all = ruleFor(f.rules, '255.255.255.254') && ruleFor(f.rules, '1.0.0.1');
  if (all) return { ...base, status: 'ok', detail: `The firewall lets every address in (${describe([all])}).` };
  if (!f.address) {
    return { ...base, status: 'warn', detail: `This machine's address toward the server could not be found; the firewall allows ${describe(f.rules)}.`,
      fix: 'If the check cannot connect, add your public address: portal → the server → Networking → "Add current client IP address".' };
  }
  const rule = ruleFor(f.rules, f.address);
  if (rule) return { ...base, status: 'ok', detail: `The firewall rule ${describe([rule])} lets this machine (${f.address}) in.` };
  if (isPrivateAddress(f.address)) {
    return { ...base, status: 'warn', detail: `This machine reaches the server from ${f.address}, a private address: the server sees your network's public address instead. The firewall allows ${describe(f.rules)}.`,
      fix: 'If the check cannot connect, add your public address: portal → the server → Networking → "Add current client IP address" (or `az postgres flexible-server firewall-rule create` with that address).' };
  }
  return { ...base, status: 'fail', detail: `The firewall does not let this machine (${f.address}) in: it allows ${describe(f.rules)}.`,
    fix: `Add a rule for ${f.address}: portal → the server → Networking → "Add current client IP address", or run ${addRuleCommand(f, f.address)}` };
}

/**
 * The local address this machine uses to reach `host` (a connected UDP socket sends nothing; the
 * operating system only picks the route). Null when there is no route.
 */
export async function sourceAddressTo(host: string, port: number): Promise<string | null> {
  const socket = createSocket(isIPv4(host) || !host.includes(':') ? 'udp4' : 'udp6');
  try {
    return await new Promise<string | null>((resolve) => {
      socket.once('error', () => resolve(null));
      socket.connect(port, host, () => {
        try {
          resolve(socket.address().address);
        } catch {
          resolve(null);
        }
      });
    });
  } finally {
    socket.close();
  }
}
