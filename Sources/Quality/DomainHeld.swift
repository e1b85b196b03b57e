/// Findings that hold only in a text of the glossary's domain (those of its one-word terms,
/// `source` = 소식통), held until a unit names the domain: what ``QualityChecker`` and
/// `tmkit glossary check` report of them, and when.
public struct DomainHeld<Finding: Sendable>: Sendable {
    /// Findings held at most while no unit has named the domain; beyond, only counted.
    public static var limit: Int { 100_000 }
    /// Whether a unit so far has named the domain.
    public private(set) var domainNamed = false
    private var held: [Finding] = []
    /// Findings beyond ``limit``, never reported (by weight).
    private var dropped = 0
    /// How many findings one held item stands for (a unit's line of several).
    private let weight: @Sendable (Finding) -> Int

    /// Nothing held yet; `weight` says how many findings an item stands for (one by default).
    public init(weight: @escaping @Sendable (Finding) -> Int = { _ in 1 }) {
        self.weight = weight
    }

    /// Records a unit's findings of one-word terms and whether the unit names the domain;
    /// returns what to report now: when this unit is the first to name it, everything held
    /// before, then (once the domain is named) the unit's own.
    public mutating func record(_ findings: [Finding], namesDomain: Bool) -> [Finding] {
        var now: [Finding] = []
        if namesDomain, !domainNamed {
            domainNamed = true
            now = held
            held = []
        }
        if domainNamed { return now + findings }
        let room = max(0, Self.limit - held.count)
        held += findings.prefix(room)
        dropped += findings.dropFirst(room).reduce(0) { $0 + weight($1) }
        return now
    }

    /// The held findings a file of `units` units reports at its end: all of them when it is
    /// too short to say it is not in the domain (fewer than
    /// ``QualityChecker/domainEvidenceUnits``), else none.
    public func pending(units: Int) -> [Finding] {
        domainNamed || units >= QualityChecker.domainEvidenceUnits ? [] : held
    }

    /// How many findings a file of `units` units leaves out: those held when it is in another
    /// domain, and those beyond ``limit``.
    public func leftOut(units: Int) -> Int {
        (domainNamed || units < QualityChecker.domainEvidenceUnits ? 0 : held.reduce(0) { $0 + weight($1) }) + dropped
    }
}
