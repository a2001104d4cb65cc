import Testing
@_exported import LyncTopologyTestSupport

extension Trait where Self == ConditionTrait {
    /// A test that reads the public corpus: skipped, with the reason, when the corpus is not there.
    static var needsCorpus: Self { .enabled(if: Corpus.isAvailable, Comment(rawValue: Corpus.skipReason)) }
}

@Suite("The public corpus")
struct CorpusPresenceTests {
    @Test("is there when the environment requires it (LYNCTOPO_REQUIRE_CORPUS=1), so that its tests did run")
    func requiredCorpusIsPresent() {
        if Corpus.isRequired {
            #expect(Corpus.isAvailable, "LYNCTOPO_REQUIRE_CORPUS=1 but \(Corpus.skipReason)")
        }
    }
}
