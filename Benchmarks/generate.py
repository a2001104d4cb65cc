#!/usr/bin/env python3
"""Writes large, valid published topologies (root `Topology`) for the benchmark.

The shape: SITES central sites, each with POOLS Enterprise Edition Front End pools of FRONT_ENDS machines.
Every pool has its own back end: a primary SQL Server and a mirror SQL Server (instance `rtc` on each), with
the User and Application stores mirrored in the reference encoding (consumer `Dependency Usage="Mirror"` to
the store's second instance on the mirror SQL instance, `Usage="Witness"` to the site's `WitnessStore`,
`SqlInstance/@MirroringPort` on every partner and witness). Every site also has a witness SQL Server, a file
server and an Edge server. The Central Management Server lives in the first pool of the first site, its
store mirrored like the others. Every FQDN is unique across the document.

The output is a function of the shape and the seed alone (the seed picks site names, cities, addresses and
the signature), so two runs with the same arguments write the same bytes.

    generate.py --sites 20 --pools 100 --front-ends 8 -o topo-20mb.xml
    generate.py --size 5MB -o topo-5mb.xml          # picks a shape that comes close to 5 MB
"""

import argparse
import random
import sys
import uuid

DOMAIN = "contoso.com"
NS = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"
SR = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008"
WS = "urn:schema:Microsoft.Rtc.Management.Deploy.WebServices.2011"
BT = "urn:schema:Microsoft.Rtc.Management.BaseTypes.2008"

CITIES = [
    ("Dublin", "Leinster", "IE"), ("Seattle", "WA", "US"), ("London", "England", "GB"), ("Paris", "IDF", "FR"),
    ("Berlin", "BE", "DE"), ("Madrid", "MD", "ES"), ("Tokyo", "TK", "JP"), ("Sydney", "NSW", "AU"),
    ("Toronto", "ON", "CA"), ("Chicago", "IL", "US"), ("Austin", "TX", "US"), ("Oslo", "OS", "NO"),
    ("Milan", "LO", "IT"), ("Vienna", "W", "AT"), ("Zurich", "ZH", "CH"), ("Lisbon", "LI", "PT"),
    ("Warsaw", "MZ", "PL"), ("Prague", "PR", "CZ"), ("Helsinki", "UU", "FI"), ("Singapore", "SG", "SG"),
]

PARTNER_PORT = 5022
WITNESS_PORT = 7022


class Names:
    """FQDNs and keys of the generated machines; the harness uses them too (e.g. a server to fail)."""

    @staticmethod
    def pool(site, pool):
        return f"pool-s{site:02d}-p{pool:03d}.{DOMAIN}"

    @staticmethod
    def front_end(site, pool, machine):
        return f"fe{machine:02d}-s{site:02d}-p{pool:03d}.{DOMAIN}"

    @staticmethod
    def primary_sql(site, pool):
        return f"sql-s{site:02d}-p{pool:03d}a.{DOMAIN}"

    @staticmethod
    def mirror_sql(site, pool):
        return f"sql-s{site:02d}-p{pool:03d}b.{DOMAIN}"

    @staticmethod
    def witness_sql(site):
        return f"sqlw-s{site:02d}.{DOMAIN}"

    @staticmethod
    def file_server(site):
        return f"fs-s{site:02d}.{DOMAIN}"

    @staticmethod
    def edge(site):
        return f"edge-s{site:02d}.{DOMAIN}"


def cluster_numbers(site, pool):
    """ClusterId Numbers of a pool's Front End pool, primary and mirror SQL Server (unique within the site)."""
    base = 3 * (pool - 1)
    return base + 1, base + 2, base + 3


def site_cluster_numbers(pools):
    """ClusterId Numbers of a site's witness SQL Server, file server and Edge server."""
    base = 3 * pools
    return base + 1, base + 2, base + 3


class Writer:
    """Buffered line writer: the document is never held whole in memory."""

    def __init__(self, stream, newline):
        self.stream = stream
        self.newline = newline
        self.parts = []
        self.size = 0

    def line(self, indent, text):
        self.parts.append("  " * indent + text + self.newline)
        if len(self.parts) >= 4096:
            self.flush()

    def flush(self):
        chunk = "".join(self.parts)
        self.parts = []
        self.size += self.stream.write(chunk)


def service_id(site, role, instance):
    return f'<ServiceId SiteId="{site}" RoleName="{role}" Instance="{instance}" />'


def dependency(w, indent, usage, site, role, instance):
    w.line(indent, f'<Dependency Usage="{usage}">')
    w.line(indent + 1, service_id(site, role, instance))
    w.line(indent, "</Dependency>")


def installed_on_cluster(w, indent, site, number):
    w.line(indent, "<InstalledOn>")
    w.line(indent + 1, f'<ClusterId SiteId="{site}" Number="{number}" />')
    w.line(indent, "</InstalledOn>")


def installed_on_instance(w, indent, site, number, name):
    w.line(indent, "<InstalledOn>")
    w.line(indent + 1, f'<SqlInstanceId Name="{name}">')
    w.line(indent + 2, f'<ClusterId SiteId="{site}" Number="{number}" />')
    w.line(indent + 1, "</SqlInstanceId>")
    w.line(indent, "</InstalledOn>")


def port(owner, usage, side, number, protocol, path, authorizes, extra=""):
    return (f'<Port Owner="{owner}" Usage="{usage}" InterfaceSide="{side}" InterfaceNumber="1" Port="{number}" '
            f'Protocol="{protocol}" UrlPath="{path}" AuthorizesRequests="{authorizes}"{extra} />')


def ports(w, indent, lines):
    if not lines:
        w.line(indent, f'<Ports xmlns="{SR}" />')
        return
    w.line(indent, f'<Ports xmlns="{SR}">')
    for text in lines:
        w.line(indent + 1, text)
    w.line(indent, "</Ports>")


def store(w, site, role, instance, number, name, version):
    w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}">')
    w.line(3, service_id(site, role, instance))
    w.line(3, "<DependsOn />")
    installed_on_instance(w, 3, site, number, name)
    ports(w, 3, [])
    w.line(2, "</Service>")


def generate(stream, sites, pools, front_ends, seed, version=7, newline="\n", edit=False, declared="utf-8"):
    """Writes one topology to `stream` (a text stream); returns the number of characters written."""
    rng = random.Random(seed)
    w = Writer(stream, newline)
    signature = uuid.UUID(int=rng.getrandbits(128), version=4)
    cities = [CITIES[(rng.randrange(len(CITIES)) + index) % len(CITIES)] for index in range(sites)]

    w.line(0, f'<?xml version="1.0" encoding="{declared}"?>')
    w.line(0, f'<Topology xmlns="{NS}" Signature="{signature}">')
    w.line(1, f'<InternalDomains AllowAllDomains="false" DefaultDomain="{DOMAIN}">')
    w.line(2, f'<InternalDomain Name="{DOMAIN}" Authoritative="false" AllowSubDomains="false" />')
    w.line(1, "</InternalDomains>")

    w.line(1, "<Sites>")
    for site in range(1, sites + 1):
        city, state, country = cities[site - 1]
        w.line(2, f'<CentralSite SiteId="{site}">')
        w.line(3, f"<Name>{city} {site}</Name>")
        w.line(3, f'<Location City="{city}" State="{state}" CountryCode="{country}" />')
        w.line(2, "</CentralSite>")
    w.line(1, "</Sites>")

    def single_machine(site, number, fqdn, interfaces=()):
        w.line(2, f'<Cluster RequiresReplication="false" RequiresSetup="false" Fqdn="{fqdn}">')
        w.line(3, f'<ClusterId SiteId="{site}" Number="{number}" />')
        w.line(3, f'<Machine OrdinalInCluster="1" Fqdn="{fqdn}" FaultDomain="{fqdn}" UpgradeDomain="{fqdn}" />')
        w.line(2, "</Cluster>")

    w.line(1, "<Clusters>")
    for site in range(1, sites + 1):
        for pool in range(1, pools + 1):
            fe, sql_a, sql_b = cluster_numbers(site, pool)
            machines = front_ends + (1 if edit and site == sites and pool == pools else 0)
            w.line(2, f'<Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="{Names.pool(site, pool)}">')
            w.line(3, f'<ClusterId SiteId="{site}" Number="{fe}" />')
            for machine in range(1, machines + 1):
                address = f"10.{site}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                w.line(3, f'<Machine OrdinalInCluster="{machine}" Fqdn="{Names.front_end(site, pool, machine)}" '
                          f'FaultDomain="FaultDomain{machine}" UpgradeDomain="UpgradeDomain{machine}">')
                w.line(4, f'<NetInterface InterfaceSide="Primary" InterfaceNumber="1" IPAddress="{address}" />')
                w.line(4, '<NetInterface InterfaceSide="External" InterfaceNumber="1" IPAddress="0.0.0.0" />')
                w.line(4, '<NetInterface InterfaceSide="Pstn" InterfaceNumber="1" IPAddress="0.0.0.0" />')
                w.line(3, "</Machine>")
            w.line(2, "</Cluster>")
            single_machine(site, sql_a, Names.primary_sql(site, pool))
            single_machine(site, sql_b, Names.mirror_sql(site, pool))
        witness, files, edge = site_cluster_numbers(pools)
        single_machine(site, witness, Names.witness_sql(site))
        single_machine(site, files, Names.file_server(site))
        w.line(2, f'<Cluster RequiresReplication="true" RequiresSetup="true" Fqdn="{Names.edge(site)}">')
        w.line(3, f'<ClusterId SiteId="{site}" Number="{edge}" />')
        w.line(3, f'<Machine OrdinalInCluster="1" Fqdn="{Names.edge(site)}">')
        w.line(4, f'<NetInterface InterfaceSide="Internal" InterfaceNumber="1" IPAddress="10.{site}.255.20" />')
        w.line(4, f'<NetInterface InterfaceSide="External" InterfaceNumber="1" IPAddress="131.107.{site}.20" />')
        w.line(3, "</Machine>")
        w.line(2, "</Cluster>")
    w.line(1, "</Clusters>")

    w.line(1, "<SqlInstances>")
    for site in range(1, sites + 1):
        for pool in range(1, pools + 1):
            _, sql_a, sql_b = cluster_numbers(site, pool)
            partner_port = PARTNER_PORT + (1 if edit and site == sites and pool == pools else 0)
            for number in (sql_a, sql_b):
                w.line(2, f'<SqlInstance MirroringPort="{partner_port}">')
                w.line(3, '<SqlInstanceId Name="rtc">')
                w.line(4, f'<ClusterId SiteId="{site}" Number="{number}" />')
                w.line(3, "</SqlInstanceId>")
                w.line(2, "</SqlInstance>")
        witness, _, _ = site_cluster_numbers(pools)
        w.line(2, f'<SqlInstance MirroringPort="{WITNESS_PORT}">')
        w.line(3, '<SqlInstanceId Name="witness">')
        w.line(4, f'<ClusterId SiteId="{site}" Number="{witness}" />')
        w.line(3, "</SqlInstanceId>")
        w.line(2, "</SqlInstance>")
    w.line(1, "</SqlInstances>")

    w.line(1, "<Services>")
    for site in range(1, sites + 1):
        witness_number, files_number, edge_number = site_cluster_numbers(pools)
        for pool in range(1, pools + 1):
            fe, sql_a, sql_b = cluster_numbers(site, pool)
            primary, mirror = 2 * pool - 1, 2 * pool   # store instances: the mirror is the primary's pair
            host = Names.pool(site, pool)

            w.line(2, f'<Service RoleVersion="2" ServiceVersion="{version}">')
            w.line(3, service_id(site, "UserServices", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "UserStore", primary)
            dependency(w, 4, "Mirror", site, "UserStore", mirror)
            dependency(w, 4, "Witness", site, "WitnessStore", 1)
            dependency(w, 4, "Default", site, "FileStore", 1)
            dependency(w, 4, "Default", site, "ConfServices", pool)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:component:McuFactory", "WebServer", "Primary", 444, "Mtls", "/LiveServer/McuFactory/", "false"),
                port("urn:component:PresenceFocus", "UserPinManagement", "Primary", 443, "Https", "/LiveServer/UserPinManagement/", "false"),
                port("urn:component:McuFactory", "WcfServer", "Primary", 9001, "Tcp", "/LiveServer/ConfDirMgmt/", "false"),
            ])
            w.line(2, "</Service>")

            w.line(2, f'<Service RoleVersion="2" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.RegistrarService">')
            w.line(3, service_id(site, "Registrar", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "UserServices", pool)
            dependency(w, 4, "Default", site, "WebServices", pool)
            dependency(w, 4, "Default", site, "EdgeServer", 1)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:component:Registrar", "SipServer", "Primary", 5061, "Mtls", "/", "true", ' GruuType="HomeServer"'),
                port("urn:component:Registrar", "WebServer", "Primary", 444, "Mtls", "/LiveServer/Focus/", "false"),
                port("urn:component:WinFab", "WinFabFederation", "Primary", 5090, "Tcp", "/", "false"),
                port("urn:component:QoE", "SipServer", "Primary", 5061, "Mtls", "/LiveServer/QoE/", "true", ' GruuType="QoS"'),
            ])
            w.line(3, f'<RegistrarService xmlns="{SR}" IsDirector="false" />')
            w.line(2, "</Service>")

            store(w, site, "UserStore", primary, sql_a, "rtc", version)
            store(w, site, "UserStore", mirror, sql_b, "rtc", version)

            w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.WebService">')
            w.line(3, service_id(site, "WebServices", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "FileStore", 1)
            dependency(w, 4, "Default", site, "UserServices", pool)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:component:OCSWebSite", "WebSite", "External", 8080, "Http", "/", "false", ' ConfiguredPort="80"'),
                port("urn:component:OCSWebSite", "WebSite", "External", 4443, "Https", "/", "false", ' ConfiguredPort="443"'),
                port("urn:component:OCSWebSite", "WebSite", "Primary", 80, "Http", "/", "false"),
                port("urn:component:OCSWebSite", "WebSite", "Primary", 443, "Https", "/", "false"),
                port("urn:component:UcwaService", "SipServer", "Primary", 5088, "Mtls", "/", "true", ' GruuType="UcwaInternal"'),
            ])
            w.line(3, f'<WebService xmlns="{SR}">')
            w.line(4, f'<ExternalSettings Host="{host}">')
            w.line(5, "<OverrideUrls />")
            w.line(4, "</ExternalSettings>")
            w.line(4, f'<WebComponents xmlns="{WS}">')
            for component in ("ABHandler", "ABFiles", "AutodiscoverService", "Meet", "Dialin", "Reach", "StoreWeb",
                              "UcwaService", "WebTicket"):
                w.line(5, f'<Component ComponentName="{component}" />')
            w.line(4, "</WebComponents>")
            w.line(4, f'<UpaSeparator xmlns="{BT}" />')
            w.line(3, "</WebService>")
            w.line(2, "</Service>")

            w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.ConfService">')
            w.line(3, service_id(site, "ConfServices", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "FileStore", 1)
            dependency(w, 4, "Default", site, "WebServices", pool)
            dependency(w, 4, "Default", site, "UserServices", pool)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:component:IMConf", "SipServer", "Primary", 5062, "Mtls", "/", "false", ' GruuType="chat"'),
                port("urn:component:IMConf", "WebServer", "Primary", 444, "Mtls", "/LiveServer/IMMcu/", "false"),
                port("urn:component:AVConf", "SipServer", "Primary", 5063, "Mtls", "/", "false", ' GruuType="audio-video"'),
            ])
            w.line(3, f'<ConfService xmlns="{SR}">')
            w.line(4, "<MCUs>")
            w.line(5, '<MCU ComponentName="IMConf" Vendor="Microsoft" />')
            w.line(5, '<MCU ComponentName="AVConf" Vendor="Microsoft" />')
            w.line(4, "</MCUs>")
            w.line(3, "</ConfService>")
            w.line(2, "</Service>")

            w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}">')
            w.line(3, service_id(site, "MediationServer", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "Registrar", pool)
            dependency(w, 4, "Default", site, "EdgeServer", 1)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:component:Mediation", "SipServer", "Primary", 5070, "Mtls", "/", "true", ' GruuType="MediationServer"'),
                port("urn:component:Mediation", "SipClient", "Pstn", 5067, "Tls", "/", "false"),
            ])
            w.line(2, "</Service>")

            w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.ApplicationServerService">')
            w.line(3, service_id(site, "ApplicationServer", pool))
            w.line(3, "<DependsOn>")
            dependency(w, 4, "Default", site, "Registrar", pool)
            dependency(w, 4, "Default", site, "FileStore", 1)
            dependency(w, 4, "Default", site, "ApplicationStore", primary)
            dependency(w, 4, "Mirror", site, "ApplicationStore", mirror)
            dependency(w, 4, "Witness", site, "WitnessStore", 1)
            w.line(3, "</DependsOn>")
            installed_on_cluster(w, 3, site, fe)
            ports(w, 3, [
                port("urn:application:testbot", "SipServer", "Primary", 5076, "Mtls", "/", "true", ' GruuType="Microsoft.Rtc.Applications.TestBot"'),
                port("urn:application:RGS", "SipServer", "Primary", 5071, "Mtls", "/", "true", ' GruuType="Microsoft.Rtc.Applications.Acd"'),
                port("urn:component:MediaComp", "AudioCommunication", "Primary", 49152, "TcpOrUdp", "/", "false", ' Range="8348"'),
            ])
            w.line(3, f'<ApplicationServerService xmlns="{SR}" />')
            w.line(2, "</Service>")

            store(w, site, "ApplicationStore", primary, sql_a, "rtc", version)
            store(w, site, "ApplicationStore", mirror, sql_b, "rtc", version)

            if site == 1 and pool == 1:
                # The Central Management Server: its store is mirrored with the pool's back end.
                w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.CentralMgmtService">')
                w.line(3, service_id(site, "CentralMgmt", 1))
                w.line(3, "<DependsOn>")
                dependency(w, 4, "Default", site, "CentralMgmtStore", 1)
                dependency(w, 4, "Mirror", site, "CentralMgmtStore", 2)
                dependency(w, 4, "Witness", site, "WitnessStore", 1)
                dependency(w, 4, "Default", site, "FileStore", 1)
                w.line(3, "</DependsOn>")
                installed_on_cluster(w, 3, site, fe)
                ports(w, 3, [])
                w.line(3, f'<CentralMgmtService xmlns="{SR}" IsActive="true" />')
                w.line(2, "</Service>")
                store(w, site, "CentralMgmtStore", 1, sql_a, "rtc", version)
                store(w, site, "CentralMgmtStore", 2, sql_b, "rtc", version)

        store(w, site, "WitnessStore", 1, witness_number, "witness", version)

        w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}" Type="Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.FileStoreService">')
        w.line(3, service_id(site, "FileStore", 1))
        w.line(3, "<DependsOn />")
        installed_on_cluster(w, 3, site, files_number)
        ports(w, 3, [])
        w.line(3, f'<FileStoreService xmlns="{SR}" ShareName="share{site}" />')
        w.line(2, "</Service>")

        w.line(2, f'<Service RoleVersion="2" ServiceVersion="{version}">')
        w.line(3, service_id(site, "EdgeServer", 1))
        w.line(3, "<DependsOn>")
        dependency(w, 4, "Default", site, "Registrar", 1)
        w.line(3, "</DependsOn>")
        installed_on_cluster(w, 3, site, edge_number)
        ports(w, 3, [
            port("urn:component:AccessEdge", "SipServer", "Internal", 5061, "Mtls", "/", "false"),
            port("urn:component:AccessEdge", "SipClient", "External", 5061, "Tls", "/", "false", f' ConfiguredFqdn="sip{site}.{DOMAIN}"'),
            port("urn:component:MediaRelayAuthenticationEdge", "SipServer", "Internal", 5062, "Mtls", "/", "true", ' GruuType="MRAS"'),
            port("urn:component:MediaRelayEdge", "TURNServer", "External", 3478, "Udp", "/", "false", f' ConfiguredFqdn="sip{site}.{DOMAIN}"'),
        ])
        w.line(2, "</Service>")

        w.line(2, f'<Service RoleVersion="1" ServiceVersion="{version}">')
        w.line(3, service_id(site, "ManagementServices", 1))
        w.line(3, "<DependsOn />")
        installed_on_cluster(w, 3, site, edge_number)
        ports(w, 3, [
            port("urn:component:ReplicationService", "Replication", "Internal", 4443, "Https", "/", "false"),
        ])
        w.line(2, "</Service>")
    w.line(1, "</Services>")
    w.line(0, "</Topology>")
    w.flush()
    return w.size


class Counter:
    """A text sink that only counts (to size a shape without writing it)."""

    def __init__(self):
        self.count = 0

    def write(self, text):
        self.count += len(text)
        return len(text)


def parse_size(text):
    units = {"KB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3, "K": 1000, "M": 1000 ** 2, "G": 1000 ** 3, "B": 1}
    upper = text.strip().upper()
    for unit in sorted(units, key=len, reverse=True):
        if upper.endswith(unit):
            return int(float(upper[: -len(unit)]) * units[unit])
    return int(upper)


def shape_for_size(target, front_ends=8, max_pools=100):
    """The shape (sites, pools per site) whose document comes closest to `target` bytes: pools grow first
    (up to `max_pools` per site), then sites; sizes grow linearly with pools, so two measurements suffice."""
    def size(sites, pools):
        counter = Counter()
        generate(counter, sites, pools, front_ends, seed=0)
        return counter.count

    one = size(1, 1)
    per_pool = size(1, 2) - one
    fixed_site = size(2, 1) - one - per_pool
    pools_total = max(1, round((target - one) / per_pool) + 1)
    if pools_total <= max_pools:
        return 1, pools_total
    best = None
    for sites in range(1, 1 + max(1, pools_total // 10)):
        pools = max(1, min(max_pools, round((target - one - (sites - 1) * fixed_site) / (sites * per_pool) + 1 / sites)))
        estimate = one + (sites * pools - 1) * per_pool + (sites - 1) * fixed_site
        if best is None or abs(estimate - target) < abs(best[2] - target):
            best = (sites, pools, estimate)
        if pools < max_pools:
            break
    return best[0], best[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, help="central sites (default 1, or chosen by --size)")
    parser.add_argument("--pools", type=int, help="Front End pools per site (default 1, or chosen by --size)")
    parser.add_argument("--front-ends", type=int, default=8, help="Front End servers per pool (default 8)")
    parser.add_argument("--size", help="approximate document size, e.g. 100KB, 20MB (chooses sites and pools)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--version", type=int, default=7, choices=(6, 7),
                        help="ServiceVersion: 6 Lync Server 2013, 7 Skype for Business Server 2015 (default 7)")
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "utf-16le"),
                        help="utf-8 (LF) or utf-16le (with a byte-order mark and CRLF, as PowerShell writes)")
    parser.add_argument("--edit", action="store_true",
                        help="an edited variant: the last pool gets one more Front End and mirroring port 5023")
    parser.add_argument("--print-shape", action="store_true", help="print 'SITES POOLS FRONT_ENDS' and exit")
    parser.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    args = parser.parse_args(argv)

    if args.front_ends < 1 or (args.sites is not None and args.sites < 1) or (args.pools is not None and args.pools < 1):
        parser.error("sites, pools and front ends must be at least 1")
    sites, pools = args.sites or 1, args.pools or 1
    if args.size:
        if args.sites or args.pools:
            parser.error("--size chooses sites and pools; give either --size or --sites/--pools")
        sites, pools = shape_for_size(parse_size(args.size), args.front_ends)
    if args.print_shape:
        print(sites, pools, args.front_ends)
        return 0

    newline = "\n" if args.encoding == "utf-8" else "\r\n"
    if args.output == "-":
        stream = sys.stdout
        generate(stream, sites, pools, args.front_ends, args.seed, args.version, newline, args.edit)
        stream.flush()
        return 0
    if args.encoding == "utf-8":
        with open(args.output, "w", encoding="utf-8", newline="") as stream:
            generate(stream, sites, pools, args.front_ends, args.seed, args.version, newline, args.edit)
    else:
        with open(args.output, "w", encoding="utf-16-le", newline="") as stream:
            stream.write("\ufeff")
            generate(stream, sites, pools, args.front_ends, args.seed, args.version, newline, args.edit, "utf-16")
    return 0


if __name__ == "__main__":
    sys.exit(main())
