using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>The restricted part of an order: only for a reader of that order (the read is audited).</summary>
public sealed record CourtOrderDetail(int Id, string Kind, string? KindOther, string? Court, string? Reference, string? Terms, DateOnly StartDate,
    DateOnly? EndDate, DateTime RecordedAt, string RecordedBy, int Version);

/// <summary>One plain warning: to anyone who can see the pupil. <c>Order</c> is null unless the caller may read the order.</summary>
public sealed record ContactRestrictionDto(int? ContactId, string Name, bool MayNotCollect, bool NoInformation, bool NoContact, DateOnly? Until,
    string Warning, CourtOrderDetail? Order);

public static class OrdersEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/pupils/{key}/contact-restrictions", ListAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ViewPupils)
            .WithSummary("The contact warnings in force for a pupil (who, what is restricted, until when) for anyone who can see the pupil; "
                + "a DSL or deputy of the pupil's school, or the holder of a share of the order, also gets the order's detail (audited)")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<ContactRestrictionDto>>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, ContactRestrictions restrictions, PupilSafeguardingRecords records, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var all = (await restrictions.ForPupilAsync(pupil.Id, ct)).All;
        var form = PupilSafeguardingRecords.FormFor("orders")!;
        var items = new List<ContactRestrictionDto>();
        foreach (var w in all.Skip((p - 1) * size).Take(size))
        {
            var order = await records.ReadAsync(staff, form, pupil.Id, w.OrderId, "api", ct) as CourtOrder;
            items.Add(new(w.ContactId, w.PersonName, w.MayNotCollect, w.NoInformation, w.NoContact, w.Until, w.Words, order is null ? null
                : new CourtOrderDetail(order.Id, CourtOrderForm.KindWords(order.Kind), order.KindOther, order.Court, order.Reference, order.Terms,
                    order.StartDate, order.EndDate, order.RecordedAt, order.RecordedByName, order.Version)));
        }
        return TypedResults.Ok(new Paged<ContactRestrictionDto>(items, all.Count, p, size));
    }
}
