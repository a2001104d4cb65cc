#!/usr/bin/env python3
"""The baseline a script writer would reach for: Python's ElementTree reads a published topology and
resolves every store to its SQL Server, instance and databases, with consumers, mirror and witness (the
reference encoding), then prints the stores as JSON. Published `Topology` documents only.

    et_resolve.py FILE > stores.json
"""

import json
import sys
import xml.etree.ElementTree as ET

T = "{urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008}"
SR = "{urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008}"

DATABASES = {
    "userstore": ["rtcxds", "rtcshared", "rtcab"],
    "applicationstore": ["rgsconfig", "rgsdyn", "cpsdyn"],
    "centralmgmtstore": ["xds", "lis"],
    "archivingstore": ["LcsLog"],
    "monitoringstore": ["LcsCDR", "QoEMetrics"],
    "persistentchatstore": ["mgc"],
    "persistentchatcompliancestore": ["mgccomp"],
}


def cluster_key(element):
    return element.get("SiteId", "") + "-" + element.get("Number", "")


def service_key(element):
    return f'{element.get("SiteId", "")}-{element.get("RoleName", "")}-{element.get("Instance", "")}'


def main(path):
    root = ET.parse(path).getroot()
    clusters = {}
    for cluster in root.iter(T + "Cluster"):
        clusters[cluster_key(cluster.find(T + "ClusterId"))] = cluster.get("Fqdn", "")
    instances = {}
    for instance in root.iter(T + "SqlInstance"):
        ident = instance.find(T + "SqlInstanceId")
        key = cluster_key(ident.find(T + "ClusterId")) + "\\" + ident.get("Name", "").lower()
        port = instance.get("MirroringPort")
        instances[key] = (clusters.get(cluster_key(ident.find(T + "ClusterId")), ""), ident.get("Name", ""), port)
    services = {}
    order = []
    for service in root.iter(T + "Service"):
        key = service_key(service.find(T + "ServiceId"))
        installed = service.find(T + "InstalledOn")
        placement = None
        host_cluster = None
        sql = installed.find(T + "SqlInstanceId") if installed is not None else None
        if sql is not None:
            placement = cluster_key(sql.find(T + "ClusterId")) + "\\" + sql.get("Name", "").lower()
        elif installed is not None and installed.find(T + "ClusterId") is not None:
            host_cluster = cluster_key(installed.find(T + "ClusterId"))
        dependencies = [(d.get("Usage", "Default").lower(), service_key(d.find(T + "ServiceId")))
                        for d in service.iterfind(T + "DependsOn/" + T + "Dependency")]
        services[key] = {"role": service.find(T + "ServiceId").get("RoleName", ""), "instance": placement,
                         "cluster": host_cluster, "dependencies": dependencies}
        order.append(key)

    consumers, mirrors, witnesses = {}, {}, {}
    for key in order:
        service = services[key]
        mirror = [target for usage, target in service["dependencies"] if usage == "mirror"]
        witness = [target for usage, target in service["dependencies"] if usage == "witness"]
        for usage, target in service["dependencies"]:
            if usage == "default" and target in services and services[target]["instance"]:
                consumers.setdefault(target, []).append(key)
                for candidate in mirror:
                    if services.get(candidate, {}).get("role", "").lower() == services[target]["role"].lower():
                        mirrors.setdefault(target, candidate)
                if witness:
                    witnesses.setdefault(target, witness[0])

    def endpoint(key, default_port):
        if key is None or key not in services:
            return None
        server, name, port = instances.get(services[key]["instance"], ("", "", None))
        return {"sqlServer": server, "instance": name, "mirroringPort": int(port) if port else default_port}

    stores = []
    for key in order:
        service = services[key]
        if not service["instance"] or service["role"].lower() == "witnessstore" or key not in consumers:
            continue
        server, name, _ = instances.get(service["instance"], ("", "", None))
        stores.append({
            "role": service["role"], "sqlServer": server, "instance": name,
            "databases": DATABASES.get(service["role"].lower(), []),
            "consumers": sorted({clusters.get(services[c]["cluster"], "") for c in consumers[key]}),
            "mirror": endpoint(mirrors.get(key), 5022), "witness": endpoint(witnesses.get(key), 7022),
        })
    json.dump({"document": path, "stores": stores}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
