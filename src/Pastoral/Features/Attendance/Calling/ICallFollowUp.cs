using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>What a follow-up needs to know of the call it starts from (no restricted content: the call holds none).</summary>
public sealed record CallForFollowUp(int CallId, int PupilId, int SchoolId, string ContactName, string? Note);

/// <summary>
/// Something a call with a concern can open, pre-filled from the call: a safeguarding concern, when that capability exists
/// (<c>services.AddScoped&lt;ICallFollowUp, RaiseConcernFromCall&gt;()</c>). With none registered, the call page says
/// "Tell the DSL" with the school's DSL and deputies by name.
/// </summary>
public interface ICallFollowUp
{
    /// <summary>The link's words, such as "Raise a safeguarding concern".</summary>
    string Label { get; }
    /// <summary>The action needed to follow the link; offered only to staff who may take it.</summary>
    StaffAction Requires { get; }
    /// <summary>A local path to the capability's form, such as "/pupils/5/concerns/new?fromCall=12".</summary>
    string LinkFor(CallForFollowUp call);
}
