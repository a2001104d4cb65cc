/// The `archive` fuzz target: bytes read as a `CsConfiguration.zip` with small limits, so that the checks on the
/// directory, the inflating and the search for the topology all run. Whatever it holds, reading either gives a
/// document (whose path names the entry) or refuses the archive with exit 65's error, never a trap.
enum FuzzArchive {
    static let limits = ArchiveLimits(maxEntries: 64, maxEntryBytes: 1 << 20, maxTotalBytes: 4 << 20, maxCompressionRatio: 200,
                                      ratioFloorBytes: 64 << 10, maxEmbeddingDepth: 2)

    static func run(_ bytes: [UInt8]) {
        // The first bytes make it an archive whatever the fuzzer wrote after them.
        let archive = ConfigurationArchive.isArchive(bytes) ? bytes : [0x50, 0x4B, 0x03, 0x04] + bytes
        do {
            let document = try TopologyDocument(bytes: archive, path: "fuzz.zip", archiveLimits: limits)
            guard document.archive != nil, document.path.hasPrefix("fuzz.zip!/") else {
                fatalError("a document read from an archive names no entry")
            }
            _ = TopologyValidator.validate(document)
            _ = document.serialized()
        } catch {
            guard case .unreadable(let path, _, _, _) = error, path.hasPrefix("fuzz.zip") else {
                fatalError("an archive was refused with another error: \(error)")
            }
        }
    }
}
