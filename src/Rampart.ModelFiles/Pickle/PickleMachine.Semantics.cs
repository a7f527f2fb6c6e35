using System.Numerics;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Imports, calls, BUILD, persistent ids and joblib arrays.</summary>
internal sealed partial class PickleMachine
{
    // ---- Imports. ----
    private void Global(string opcode)
    {
        var (module, moduleOk) = NameLine(opcode == "INST");
        var (name, nameOk) = NameLine(opcode == "INST");
        Push(moduleOk && nameOk ? Import(module, name, opcode) : new PickleValue.Opaque("undecodable import"));
    }

    private (string Text, bool Ok) NameLine(bool ascii)
    {
        var line = _reader.ReadLine(PickleScan.MaxNameBytes, out var complete);
        var ok = complete && (ascii ? PickleText.IsAscii(line) : PickleText.TryUtf8(line, out _));
        if (!ok)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} names a module or global that is too long or not {(ascii ? "ASCII" : "UTF-8")}; loading fails there.");
        }

        PickleText.TryUtf8(line, out var text);
        return (text, ok);
    }

    private PickleValue.Global Import(string module, string name, string opcode)
    {
        var (moduleParts, nameParts) = PickleNames.Resolve(module, name);
        var raw = $"{module}.{name}";
        var decision = _torch && IsTorchScriptClass(moduleParts, nameParts)
            ? new PolicyDecision(PolicyVerdict.Allowed, string.Join('.', [.. moduleParts, .. nameParts]), null, null, LoadsKind.None, DecodeKind.None, false)
            : PickleScan.Policy.Classify(moduleParts, nameParts, _scan.Session.Options.AllowGlobals, raw);
        var info = new PickleGlobal
        {
            Raw = raw,
            Module = string.Join('.', moduleParts),
            Name = string.Join('.', nameParts),
            Canonical = string.Join('.', [.. moduleParts, .. nameParts]),
            Decision = decision,
            Offset = _offset,
            Opcode = opcode,
        };
        switch (decision.Verdict)
        {
            case PolicyVerdict.Denied:
                _denied.Add(info);
                break;
            case PolicyVerdict.Unknown:
                _scan.ReportUnknown(info, _index);
                break;
        }

        return new PickleValue.Global(info);
    }

    /// <summary>
    /// A TorchScript class reference (<c>__torch__.MyModule</c>) in a PyTorch archive: torch.jit.load resolves it to a
    /// class compiled from the archive's <c>code/</c> (reported by the archive scanner), not to a Python module, and
    /// Python's unpickler cannot import a module named <c>__torch__</c>. Dunder names after the prefix stay judged.
    /// </summary>
    private static bool IsTorchScriptClass(string[] module, string[] name) =>
        module.Length >= 1 && module[0] == "__torch__"
        && !Array.Exists(module[1..], PicklePolicy.IsDunder) && !Array.Exists(name, PicklePolicy.IsDunder);

    private void StackGlobal()
    {
        var name = Pop();
        var module = Pop();
        if (module is PickleValue.Text { Complete: true } moduleText && name is PickleValue.Text { Complete: true } nameText
            && moduleText.Value.Length <= PickleScan.MaxNameBytes && nameText.Value.Length <= PickleScan.MaxNameBytes)
        {
            Push(Import(moduleText.Value, nameText.Value, "STACK_GLOBAL"));
            return;
        }

        _scan.Report(
            PickleRules.DynamicImport,
            $"STACK_GLOBAL at offset {_offset} imports a name taken from {Article(module.KindName)} and {Article(name.KindName)} instead of two string constants, so what it imports is decided at load time.",
            _offset,
            _index,
            evidence: [new("module", module.Render()), new("name", name.Render())]);
        Push(new PickleValue.Opaque("dynamic import"));
    }

    private void Extension(long code, string opcode)
    {
        _scan.Report(
            PickleRules.ExtensionCode,
            $"{opcode} at offset {_offset} imports extension code {code} from the copyreg registry; what it resolves to depends on the loading program.",
            _offset,
            _index,
            subject: $"<extension {code}>",
            evidence: [new("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<extension {code}>");
        Push(new PickleValue.Global(new PickleGlobal
        {
            Raw = name,
            Module = name,
            Name = string.Empty,
            Canonical = name,
            Decision = new PolicyDecision(PolicyVerdict.Unknown, name, null, null, LoadsKind.None, DecodeKind.None, JoblibArray: false),
            Offset = _offset,
            Opcode = opcode,
        }));
    }

    // ---- Calls. ----
    private void Reduce()
    {
        var arguments = Pop();
        var callable = Top();
        ReplaceTop(Call(callable, arguments, "REDUCE"));
    }

    private void Inst()
    {
        var (module, moduleOk) = NameLine(ascii: true);
        var (name, nameOk) = NameLine(ascii: true);
        var arguments = MakeSequence("tuple", PopMark());
        PickleValue cls = moduleOk && nameOk ? Import(module, name, "INST") : new PickleValue.Opaque("undecodable import");
        Push(Call(cls, arguments, "INST"));
    }

    private void Obj()
    {
        var items = PopMark();
        if (items.Count == 0)
        {
            Fault($"OBJ at offset {_offset} has no class after its MARK.");
            Push(new PickleValue.Opaque("missing value"));
            return;
        }

        Push(Call(items[0], MakeSequence("tuple", items.GetRange(1, items.Count - 1)), "OBJ"));
    }

    private PickleValue Call(PickleValue callable, PickleValue arguments, string opcode)
    {
        switch (callable)
        {
            case PickleValue.Global { Info.Canonical: "builtins.getattr" } getattr
                when arguments is PickleValue.Sequence { Kind: "tuple", Items: [PickleValue.Global { Info: var owner }, PickleValue.Text { Complete: true } attribute, ..] } tuple
                    && tuple.Items.Count <= 3 && attribute.Value.Length > 0 && !attribute.Value.Contains('.', StringComparison.Ordinal):
                // getattr(imported global, "constant") imports owner.constant, as a dotted STACK_GLOBAL would: judge
                // that name (enum members and bound methods are pickled this way) rather than getattr itself.
                getattr.Info.Called = true;
                return Import(owner.Module, $"{owner.Name}.{attribute.Value}", $"{opcode} of builtins.getattr");
            case PickleValue.Global { Info: var global }:
                if (global.Decision.Verdict == PolicyVerdict.Denied)
                {
                    global.Called = true;
                    _scan.ReportCall(global, arguments, opcode, _offset, _index);
                }

                return Evaluate(global, arguments);
            case PickleValue.Call or PickleValue.Persistent:
                _scan.Report(
                    PickleRules.ComputedCall,
                    $"{opcode} at offset {_offset} calls {Article(callable.KindName)} ({callable.Render()}) computed at load time.",
                    _offset,
                    _index,
                    subject: CallableName(callable),
                    evidence: [new("callable", callable.Render()), new("arguments", arguments.Render())]);
                return new PickleValue.Call(callable, arguments, _offset);
            case PickleValue.Opaque opaque:
                // A value after an error (reported) or a dynamic import (reported): calling it is still a call site.
                if (opaque.Description is not ("missing value" or "undecodable import") && !opaque.Description.StartsWith("missing memo", StringComparison.Ordinal))
                {
                    _scan.Report(
                        PickleRules.ComputedCall,
                        $"{opcode} at offset {_offset} calls a value that is decided at load time ({opaque.Description}).",
                        _offset,
                        _index,
                        evidence: [new("arguments", arguments.Render())]);
                }

                return new PickleValue.Call(callable, arguments, _offset);
            default:
                Fault($"{opcode} at offset {_offset} calls a {callable.KindName}, which is not callable; loading fails there.");
                return new PickleValue.Call(callable, arguments, _offset);
        }
    }

    private static string Article(string noun) => ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    private static string? CallableName(PickleValue callable) => callable switch
    {
        PickleValue.Global global => global.Info.Decision.Subject,
        PickleValue.Call call => CallableName(call.Callable),
        _ => null,
    };

    /// <summary>Evaluates the few pure functions that matter for nested payloads (decoders, io.BytesIO).</summary>
    private PickleValue.Call Evaluate(PickleGlobal global, PickleValue arguments)
    {
        var decode = global.Decision.Decode;
        if (decode == DecodeKind.None || arguments is not PickleValue.Sequence { Kind: "tuple", Items.Count: > 0 } tuple)
        {
            return new PickleValue.Call(new PickleValue.Global(global), arguments, _offset);
        }

        var payload = _scan.Decode(decode, global.Decision.Subject, tuple.Items);
        return new PickleValue.Call(new PickleValue.Global(global), arguments, _offset) { Payload = payload };
    }

    private void ReportUncalledImports()
    {
        foreach (var global in _denied.Where(global => !global.Called))
        {
            _scan.ReportImport(global, _index);
        }

        _denied.Clear();
    }

    // ---- BUILD. ----
    private void Build()
    {
        var state = Pop();
        var target = Top();
        switch (target)
        {
            case PickleValue.Global { Info: var global }:
                _scan.Report(
                    PickleRules.AttributeOverwrite,
                    $"BUILD at offset {_offset} sets attributes of {global.Canonical} itself (a module, class or function, not an instance), so later uses of it get the planted values.",
                    _offset,
                    _index,
                    subject: global.Decision.Subject,
                    evidence: [new("state", state.Render())]);
                break;
            case PickleValue.Call call:
                call.State = state;
                ReportDunderState(call, state);
                if (call.Callable is PickleValue.Global { Info.Decision.JoblibArray: true } wrapper)
                {
                    JoblibArray(call, wrapper.Info);
                }

                break;
            case PickleValue.Persistent or PickleValue.Opaque:
                break;
            default:
                Fault($"BUILD at offset {_offset} sets the state of a {target.KindName}, which fails when loaded.");
                break;
        }
    }

    private void ReportDunderState(PickleValue.Call call, PickleValue state)
    {
        IEnumerable<PickleValue> keys = state switch
        {
            PickleValue.Mapping dict => dict.Pairs.Select(pair => pair.Key),
            PickleValue.Sequence { Kind: "tuple", Items: [var first, var second] } => new[] { first, second }
                .OfType<PickleValue.Mapping>().SelectMany(dict => dict.Pairs.Select(pair => pair.Key)),
            _ => [],
        };
        var dunders = keys.OfType<PickleValue.Text>().Select(key => key.Value).Where(PicklePolicy.IsDunder).Distinct().ToList();
        if (dunders.Count > 0)
        {
            _scan.Report(
                PickleRules.AttributeOverwrite,
                $"BUILD at offset {_offset} sets the dunder attribute{(dunders.Count > 1 ? "s" : string.Empty)} {string.Join(", ", dunders)} of a {CallableName(call.Callable) ?? "computed"} object.",
                _offset,
                _index,
                subject: CallableName(call.Callable),
                evidence: [new("attributes", string.Join(",", dunders))]);
        }
    }

    // ---- Persistent ids. ----
    private void Persistent(PickleValue id, string opcode)
    {
        var normal = _torch && IsTorchPersistentId(id);
        if (!normal && !_persistentReported)
        {
            _persistentReported = true;
            _scan.Report(
                PickleRules.PersistentId,
                _torch
                    ? $"{opcode} at offset {_offset} loads the persistent id {id.Render()}, which is not a PyTorch storage reference."
                    : $"{opcode} at offset {_offset} loads the persistent id {id.Render()} outside a PyTorch file; what it returns is decided by the loading program.",
                _offset,
                _index,
                evidence: [new("id", id.Render())]);
        }

        // Legacy torch.load returns the class itself for ('module', class, source file, source).
        Push(normal && id is PickleValue.Sequence { Items: [PickleValue.Text { Value: "module" }, PickleValue.Global cls, ..] } ? cls : new PickleValue.Persistent(id));
    }

    private bool IsTorchPersistentId(PickleValue id)
    {
        if (id is not PickleValue.Sequence { Kind: "tuple", Items: [PickleValue.Text { Value: var kind }, ..] items })
        {
            return false;
        }

        if (kind == "module" && _scan.LegacyTorch)
        {
            // Legacy full-model saves record each module class's source for a version check.
            return items.Count == 4;
        }

        if (kind != "storage" || items.Count < 5 || items[2] is not PickleValue.Text { Complete: true } key)
        {
            return false;
        }

        long? elementSize = items[1] is PickleValue.Global { Info: var type } ? TorchStorages.ElementSize(type.Canonical) : null;
        BigInteger? count = items[4] is PickleValue.Integer numel ? numel.Value : null;
        _scan.Storages.TryAdd(key.Value, (elementSize, count));
        return true;
    }

    // ---- joblib arrays. ----
    private void JoblibArray(PickleValue.Call wrapper, PickleGlobal type)
    {
        var start = _reader.Position;
        if (!NumpyDtypes.TryDescribe(wrapper.State, out var shape, out var itemSize, out var hasObject, out var alignment, out var problem))
        {
            throw new PickleStopException(
                $"The {type.Canonical} at offset {_offset} is followed by inline array bytes whose length cannot be computed ({problem}); the rest of the stream was not analysed.",
                PickleRules.JoblibArrayUnscannable);
        }

        if (_frameEnd >= 0 && start < _frameEnd)
        {
            _scan.Report(
                PickleRules.FrameMismatch,
                $"The joblib array data after offset {start} starts inside the frame declared at offset {_frameStart}; joblib reads it from the end of the frame, a linear reader from here.",
                _offset,
                _index);
        }

        // joblib ends the frame before the array bytes, which are not part of any frame.
        _frameEnd = -1;

        if (hasObject)
        {
            if (_nesting >= PickleScan.MaxArrayNesting)
            {
                throw new PickleStopException(
                    $"Object arrays nest deeper than {PickleScan.MaxArrayNesting} levels at offset {start}; the rest of the stream was not analysed.",
                    PickleRules.JoblibArrayUnscannable);
            }

            // joblib unpickles an object array's items from the same stream with a plain pickle.load.
            var nested = new PickleMachine(_scan, _index, _torch, _nesting + 1).Run();
            if (nested.End != PickleEnd.Stopped)
            {
                throw new PickleStopException(
                    $"The object array after offset {start} is not a complete pickle; the rest of the stream was not analysed.");
            }

            ReplaceTop(new PickleValue.Opaque("numpy object array"));
            return;
        }

        if (alignment is { } align)
        {
            var padding = _reader.ReadByte();
            // joblib pads to the next multiple of the alignment: 1 to `align` bytes.
            if (padding > align)
            {
                Fault($"The joblib array at offset {start} declares {padding} bytes of padding, more than its {align}-byte alignment needs.");
            }

            var bytes = _reader.ReadBytes(padding);
            if (Array.Exists(bytes, b => b != 0xFF))
            {
                Fault($"The joblib array padding at offset {start + 1} is not all 0xFF bytes, as joblib writes it.");
            }
        }

        var size = shape.Aggregate(BigInteger.One, (product, dimension) => product * dimension) * itemSize;
        if (size > _reader.Remaining)
        {
            throw new PickleStopException(
                $"The joblib array at offset {_reader.Position} declares {size} bytes of data but only {_reader.Remaining} remain; the file is truncated.");
        }

        _reader.Skip((long)size);
        ReplaceTop(new PickleValue.Opaque($"numpy array of {size} bytes"));
    }
}
