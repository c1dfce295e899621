using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admissions;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// CP files in the first demo school (synthetic, non-graphic): the leaver who moved to Riverside Academy had a child in need plan; their
/// file went by secure e-mail three school days after they left, with a classmate's name redacted, and Riverside confirmed receipt. The
/// leaver now home educated had one too; the file for the local authority's home education team is recorded but was never sent, so it
/// is overdue. An in-year arrival's file from their previous school is attached.
/// </summary>
public sealed class TransfersDemoData : IDemoData
{
    public int Order => 77; // after the admissions (40) and the chronology (76)

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var leavers = await db.Set<RollDeletion>().AsNoTracking().Where(d => d.UndoneAt == null).OrderBy(d => d.Id)
            .Select(d => new { d.PupilId, d.SchoolId, d.LastDayOnRoll, d.Ground, d.DestinationSchool }).ToListAsync(ct);
        var moved = leavers.FirstOrDefault(d => d.DestinationSchool is not null);
        var home = leavers.FirstOrDefault(d => d.Ground == "9(1)(f)");
        if (moved is null || home is null) return;
        var dsl = await db.Users.AsNoTracking().Where(u => u.Email!.StartsWith("dsl@")).Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var name = dsl?.FullName ?? "Dana Lead";
        DateTime At(DateOnly d, int hour) => d.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);
        var classmate = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == moved.SchoolId && p.Id != moved.PupilId && p.Id != home.PupilId).OrderBy(p => p.Id)
            .Select(p => (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname)).FirstAsync(ct);

        foreach (var (leaver, months) in new[] { (moved, 7), (home, 4) })
            if (!await db.Set<ChildProtectionRecord>().AnyAsync(r => r.PupilId == leaver.PupilId, ct))
                db.Add(new ChildProtectionRecord
                {
                    PupilId = leaver.PupilId, Status = ChildProtectionStatus.Cin, StartDate = leaver.LastDayOnRoll.AddMonths(-months), LocalAuthority = "999 Demo County Council",
                    SocialWorkerName = "Priya Natarajan", RecordedAt = At(leaver.LastDayOnRoll.AddMonths(-months), 14), RecordedByName = name,
                });
        db.Add(new ChronologyPin
        {
            PupilId = moved.PupilId, On = moved.LastDayOnRoll.AddDays(-30), Category = "Behaviour", Title = $"Falling out with {classmate} at lunchtime",
            Note = $"Both spoken to by the head of year; {classmate}'s parents were told too. Synthetic demo record.", PinnedByName = name,
            PinnedAt = At(moved.LastDayOnRoll.AddDays(-29), 9),
        });
        var days = new Attendance.AttendanceDays(db, new Infrastructure.SchoolClock(TimeProvider.System));
        var sent = moved.LastDayOnRoll.AddDays(3);
        var done = new CpFileTransfer
        {
            PupilId = moved.PupilId, LastDayOnRoll = moved.LastDayOnRoll, ReceivingSchool = moved.DestinationSchool!, ReceivingUrn = "199999",
            Route = TransferRoute.SecureEmail, RouteDetail = "dsl@riverside-academy.example.org", SentOn = sent, ReceiptConfirmedOn = sent.AddDays(1),
            ReceiptConfirmedBy = "Mr K. Osei, DSL at Riverside Academy", Notes = "Sent separately from the CTF. Synthetic demo record.",
            SendBy = await CpFileDeadline.AfterAsync(db, days, moved.SchoolId, moved.LastDayOnRoll, ct),
            ReceiptDueBy = await CpFileDeadline.AfterAsync(db, days, moved.SchoolId, sent, ct),
            ReviewConfirmedAt = At(sent, 9), ReviewConfirmedByName = name, RecordedAt = At(moved.LastDayOnRoll.AddDays(1), 10), RecordedByName = name,
        };
        var overdue = new CpFileTransfer
        {
            PupilId = home.PupilId, LastDayOnRoll = home.LastDayOnRoll, ReceivingSchool = "Demo County Council elective home education team",
            Route = TransferRoute.SecureEmail, RouteDetail = "ehe@demo-county.example.org", Notes = "Waiting for the team's secure mailbox. Synthetic demo record.",
            SendBy = await CpFileDeadline.AfterAsync(db, days, home.SchoolId, home.LastDayOnRoll, ct), RecordedAt = At(home.LastDayOnRoll.AddDays(1), 11), RecordedByName = name,
        };
        db.AddRange(done, overdue);
        await demo.FlushAsync(ct);
        db.Add(new CpFileRedaction
        {
            TransferId = done.Id, PupilId = moved.PupilId, Phrase = classmate, Source = RedactionSource.OtherPupil, Decision = RedactionDecision.Accepted,
            ProposedAt = At(sent, 8), DecidedByName = name, DecidedAt = At(sent, 9),
        });

        var arrival = await db.Set<Admission>().AsNoTracking().Where(a => a.Source == "Recorded by hand" && a.PreviousSchoolName != null).OrderBy(a => a.Id)
            .Select(a => new { a.PupilId, a.PreviousSchoolName, a.PreviousSchoolUrn, a.RecordedAt }).FirstOrDefaultAsync(ct);
        if (arrival is not null)
        {
            var on = DateOnly.FromDateTime(arrival.RecordedAt).AddDays(5);
            var received = new ReceivedCpFile
            {
                PupilId = arrival.PupilId, SendingSchool = arrival.PreviousSchoolName!, SendingUrn = arrival.PreviousSchoolUrn, ReceivedOn = on < demo.Today ? on : demo.Today,
                Note = "Early Help involvement at the previous school, now closed. Synthetic demo record.", RecordedAt = At(on < demo.Today ? on : demo.Today, 12), RecordedByName = name,
            };
            db.Add(received);
            await demo.FlushAsync(ct);
            var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% Synthetic demo CP file: no real pupil.\n%%EOF\n");
            db.Add(new Attachment
            {
                PupilId = arrival.PupilId, RecordType = ReceivedCpFile.RecordType, RecordId = received.Id, Restricted = true, Title = $"CP file from {received.SendingSchool}",
                Kind = "CP file received", FileName = "cp-file-received.pdf", ContentType = FileContent.Pdf.ContentType, Size = pdf.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)), Content = pdf, AddedAt = received.RecordedAt, AddedById = dsl?.Id ?? Guid.Empty, AddedByName = name,
            });
        }
        await demo.FlushAsync(ct);
        demo.Count("CP file transfers", 2);
    }
}
