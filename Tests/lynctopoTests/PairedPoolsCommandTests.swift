import Foundation
import Testing

/// The commands on topologies/paired-pools.xml (pool01 and pool02 paired; standby CMS in pool02, mirrored).
@Suite("paired pools through the command line")
struct PairedPoolsCommandTests {
    static let sample = "topologies/paired-pools.xml"

    @Test("show --format json: pools[].backupPool and backupCentralManagementServer")
    func showJSON() throws {
        let result = try lynctopo(["show", Self.sample, "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let pools = try #require(object["pools"] as? [[String: Any]])
        let backups = Dictionary(uniqueKeysWithValues: pools.map { ($0["fqdn"] as? String ?? "", $0["backupPool"] as? String) })
        #expect(backups["pool01.contoso.com"] == "pool02.contoso.com")
        #expect(backups["pool02.contoso.com"] == "pool01.contoso.com")
        #expect(pools.filter { $0["backupPool"] is NSNull }.count == pools.count - 2)
        let standby = try #require(object["backupCentralManagementServer"] as? [String: Any])
        #expect(standby["pool"] as? String == "pool02.contoso.com")
        #expect(standby["sqlServer"] as? String == "sql21.contoso.com" && standby["instance"] as? String == "rtc")
        let mirror = try #require(standby["mirror"] as? [String: Any])
        #expect(mirror["sqlServer"] as? String == "sql22.contoso.com")
    }

    @Test("show text: the pairing under each pool, the backup CMS line")
    func showText() throws {
        let result = try lynctopo(["show", Self.sample])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Backup Central Management store: pool02.contoso.com (store on sql21.contoso.com\\rtc, mirror sql22.contoso.com\\rtc)\n"))
        #expect(result.stdout.contains("    - fe12.contoso.com\n    paired with pool02.contoso.com (automatic failover off)\n"))
    }

    @Test("validate: the sample is clean")
    func validate() throws {
        let result = try lynctopo(["validate", Self.sample, "--strict"])
        #expect(result.status == 0)
    }

    @Test("restore --format ps1 of pool01's back end: CMS failover, pool failover, rebuild, failback, in that order")
    func restorePowerShell() throws {
        let result = try lynctopo(["restore", Self.sample, "--failed", "sql11.contoso.com", "--format", "ps1", "--backup-path", "D:\\Backups"])
        #expect(result.status == 0)
        // The command lines of the step functions, in order (indented inside their ShouldProcess blocks).
        let commands = result.stdout.split(separator: "\n").map { String($0.drop(while: { $0 == " " })) }
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("[pscustomobject]") && $0.split(separator: " ").first?.contains("-Cs") == true }
        #expect(commands == [
            "Invoke-CsManagementServerFailover -BackupSqlServerFqdn 'sql21.contoso.com' -BackupSqlInstanceName 'rtc' -BackupMirrorSqlServerFqdn 'sql22.contoso.com' -BackupMirrorSqlInstanceName 'rtc' -Force",
            "Invoke-CsPoolFailOver -PoolFqdn 'pool01.contoso.com' -DisasterMode",
            "Install-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql11.contoso.com' -ForInstance 'rtc'",
            "Import-CsRgsConfiguration -Destination 'service:ApplicationServer:pool01.contoso.com' -FileName 'D:\\Backups\\RgsConfiguration-pool01.contoso.com.zip'",
            "Invoke-CsPoolFailBack -PoolFqdn 'pool01.contoso.com'",
            "Test-CsDatabase -ConfiguredDatabases -SqlServerFqdn 'sql11.contoso.com'",
            "Get-CsManagementStoreReplicationStatus",
        ])
    }

    @Test("restore text of pool02's mirrored primary with the active CMS: the fresh backup step comes first")
    func restoreFreshBackupText() throws {
        let result = try lynctopo(["restore", "Tests/LyncTopologyTests/Fixtures/paired-pools-cms-in-pool02.xml", "--failed", "sql21.contoso.com"])
        #expect(result.status == 0)
        let fresh = try #require(result.stdout.range(of: "2. Take a fresh backup from the surviving mirror sql22.contoso.com\\rtc: User, Application, CentralMgmt\n"))
        let rebuild = try #require(result.stdout.range(of: "3. Rebuild sql21.contoso.com"))
        #expect(fresh.lowerBound < rebuild.lowerBound)
        #expect(result.stdout.contains("> Import-CsConfiguration -FileName '<BACKUP-FOLDER>\\CsConfiguration-fresh.zip'\n"))
    }

    @Test("diagram: one dashed edge labelled paired between the pools, in DOT and Mermaid")
    func diagram() throws {
        let dot = try lynctopo(["diagram", Self.sample, "--format", "dot"])
        #expect(dot.status == 0)
        let paired = dot.stdout.split(separator: "\n").filter { $0.contains("label=\"paired\"") }
        #expect(paired.count == 1)
        #expect(paired.first?.contains("style=dashed") == true && paired.first?.contains("dir=none") == true)
        let mermaid = try lynctopo(["diagram", Self.sample, "--format", "mermaid"])
        #expect(mermaid.stdout.split(separator: "\n").filter { $0.contains("-.-|\"paired\"|") }.count == 1)
    }

    @Test("diff: a pairing removed, and a changed setting")
    func diff() throws {
        let folder = NSTemporaryDirectory() + "lynctopo-pair-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try String(contentsOfFile: paths.packageRoot + "/" + Self.sample, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "EnableAutomaticFailover=\"false\"", with: "EnableAutomaticFailover=\"true\"")
        try changed.write(toFile: folder + "/new.xml", atomically: true, encoding: .utf8)
        let result = try lynctopo(["diff", Self.sample, folder + "/new.xml", "--format", "json"])
        let object = try json(result.stdout)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["entity"] as? String } == ["pairing", "pairing"])
        #expect(changes.map { $0["field"] as? String } == ["automaticFailover", "automaticFailover"])
        let removed = try lynctopo(["diff", Self.sample, "topologies/enterprise-mirrored.xml"])
        #expect(removed.stdout.contains("Pool pairings\n  - pool01.contoso.com  (paired with pool02.contoso.com, automatic failover off)\n  - pool02.contoso.com  (paired with pool01.contoso.com, automatic failover off)\n"))
    }
}
