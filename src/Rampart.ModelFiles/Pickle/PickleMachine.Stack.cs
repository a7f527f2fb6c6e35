namespace Rampart.ModelFiles.Pickle;

/// <summary>The stack, marks, memo and containers (CPython's C unpickler semantics: values below the last mark are out of reach).</summary>
internal sealed partial class PickleMachine
{
    private void CheckDepth()
    {
        if (_stack.Count + _marks.Count >= _scan.Session.Limits.MaxPickleStack)
        {
            throw new ScanLimitException($"The pickle stack grew beyond {_scan.Session.Limits.MaxPickleStack:N0} entries (limit).") { Offset = _offset };
        }
    }

    private void Push(PickleValue value)
    {
        CheckDepth();
        _stack.Add(value);
    }

    private PickleValue Pop()
    {
        if (_stack.Count <= Fence)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} pops from an empty stack (stack underflow).");
            return new PickleValue.Opaque("missing value");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private PickleValue Top()
    {
        if (_stack.Count <= Fence)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} needs a value but the stack is empty (stack underflow).");
            Push(new PickleValue.Opaque("missing value"));
        }

        return _stack[^1];
    }

    private void ReplaceTop(PickleValue value)
    {
        Top();
        _stack[^1] = value;
    }

    private void PopOrPopMark()
    {
        if (_marks.Count > 0 && _marks[^1] == _stack.Count)
        {
            _marks.RemoveAt(_marks.Count - 1);
        }
        else
        {
            Pop();
        }
    }

    private List<PickleValue> PopMark()
    {
        if (_marks.Count == 0)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} needs a MARK but none is open.");
            return [];
        }

        var fence = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(fence, _stack.Count - fence);
        _stack.RemoveRange(fence, _stack.Count - fence);
        return items;
    }

    private void Put(long key)
    {
        if (key < 0)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} uses the negative memo key {key}.");
            return;
        }

        var value = Top();
        if (!_memo.ContainsKey(key) && _memo.Count >= _scan.Session.Limits.MaxPickleMemo)
        {
            throw new ScanLimitException($"The pickle memo grew beyond {_scan.Session.Limits.MaxPickleMemo:N0} entries (limit).") { Offset = _offset };
        }

        _memo[key] = value;
    }

    private void Get(long key)
    {
        if (_memo.TryGetValue(key, out var value))
        {
            Push(value);
            return;
        }

        Fault($"{Name(_lastOpcode)} at offset {_offset} reads memo key {key}, which was never stored (KeyError); loading fails there.");
        Push(new PickleValue.Opaque($"missing memo {key}"));
    }

    private PickleValue.Sequence MakeSequence(string kind, List<PickleValue> items)
    {
        var sequence = new PickleValue.Sequence(kind, []);
        AddItems(sequence, items);
        return sequence;
    }

    private void AddItems(PickleValue.Sequence sequence, List<PickleValue> items)
    {
        foreach (var item in items)
        {
            if (_scan.RetainItem())
            {
                sequence.Items.Add(item);
            }
            else
            {
                sequence.Dropped++;
            }
        }
    }

    private PickleValue.Mapping MakeDict(List<PickleValue> items)
    {
        if (items.Count % 2 != 0)
        {
            Fault($"DICT at offset {_offset} has an odd number of items ({items.Count}).");
        }

        var dict = new PickleValue.Mapping([]);
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            SetItem(dict, items[i], items[i + 1]);
        }

        return dict;
    }

    private void SetItem(PickleValue key, PickleValue value) => SetItem(Top(), key, value);

    private void SetItem(PickleValue target, PickleValue key, PickleValue value)
    {
        switch (target)
        {
            case PickleValue.Mapping dict:
                if (_scan.RetainItem())
                {
                    dict.Pairs.Add(KeyValuePair.Create(key, value));
                }
                else
                {
                    dict.Dropped++;
                }

                break;
            case PickleValue.Call or PickleValue.Persistent or PickleValue.Opaque:
                // __setitem__ of an object (OrderedDict, or a class already judged at its import).
                break;
            default:
                Fault($"{Name(_lastOpcode)} at offset {_offset} sets an item of a {target.KindName}, which fails when loaded.");
                break;
        }
    }

    private void Append(PickleValue value)
    {
        switch (Top())
        {
            case PickleValue.Sequence { Kind: "list" } list:
                AddItems(list, [value]);
                break;
            case PickleValue.Call or PickleValue.Persistent or PickleValue.Opaque:
                // append/extend of an object, judged at its import.
                break;
            case var other:
                Fault($"{Name(_lastOpcode)} at offset {_offset} appends to a {other.KindName}, which fails when loaded.");
                break;
        }
    }
}
