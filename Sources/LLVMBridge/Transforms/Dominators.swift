// Why this file exists: handing a loop's frame to an OSR continuation needs to know which values are defined on
// every path to the loop (they dominate its header); the C API has no dominator tree, so this is a small one.
import CLLVM

/// The dominator tree of a function's blocks reachable from its entry (Cooper, Harvey and Kennedy's iterative
/// algorithm over reverse postorder: simple, and fast on the control-flow graphs compilers meet).
struct Dominators {
    /// Reverse-postorder number of each reachable block.
    private let order: [LLVMBasicBlockRef: Int]
    /// Immediate dominator of each block, by reverse-postorder number (the entry is its own).
    private let immediate: [Int]

    init(_ function: LLVMValueRef, successors: (LLVMBasicBlockRef) -> [LLVMBasicBlockRef]) {
        guard let entry = LLVMGetEntryBasicBlock(function) else {
            order = [:]
            immediate = []
            return
        }
        var postorder: [LLVMBasicBlockRef] = []
        var visited: Set<LLVMBasicBlockRef> = [entry]
        var stack: [(LLVMBasicBlockRef, [LLVMBasicBlockRef])] = [(entry, successors(entry))]
        while !stack.isEmpty {
            if let next = stack[stack.count - 1].1.popLast() {
                if visited.insert(next).inserted { stack.append((next, successors(next))) }
            } else {
                postorder.append(stack.removeLast().0)
            }
        }
        let blocks = Array(postorder.reversed())
        var order: [LLVMBasicBlockRef: Int] = [:]
        for (number, block) in blocks.enumerated() { order[block] = number }
        var predecessors = [[Int]](repeating: [], count: blocks.count)
        for (number, block) in blocks.enumerated() {
            for successor in successors(block) {
                if let target = order[successor] { predecessors[target].append(number) }
            }
        }
        var immediate = [Int](repeating: -1, count: blocks.count)
        immediate[0] = 0
        var changed = true
        while changed {
            changed = false
            for number in 1..<max(1, blocks.count) {
                var candidate = -1
                for predecessor in predecessors[number] where immediate[predecessor] >= 0 {
                    candidate = candidate < 0 ? predecessor : Self.intersect(candidate, predecessor, immediate)
                }
                if candidate >= 0, immediate[number] != candidate {
                    immediate[number] = candidate
                    changed = true
                }
            }
        }
        self.order = order
        self.immediate = immediate
    }

    private static func intersect(_ first: Int, _ second: Int, _ immediate: [Int]) -> Int {
        var (a, b) = (first, second)
        while a != b {
            while a > b { a = immediate[a] }
            while b > a { b = immediate[b] }
        }
        return a
    }

    /// Whether `block` is reachable from the entry.
    func isReachable(_ block: LLVMBasicBlockRef) -> Bool { order[block] != nil }

    /// Whether every path from the entry to `block` passes `dominator` (a block dominates itself). Unreachable
    /// blocks are dominated by nothing here.
    func dominates(_ dominator: LLVMBasicBlockRef, _ block: LLVMBasicBlockRef) -> Bool {
        guard let target = order[dominator], var current = order[block] else { return false }
        while current > target { current = immediate[current] }
        return current == target
    }
}
