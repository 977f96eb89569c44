from markupsafe import Markup

from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from ..lib import zh_search

PAGE_SIZE = 20


class TzServicePortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Request = request.env["tz.service.request"]
        Article = request.env["tz.kb.article"]
        if "tz_service_count" in counters:
            values["tz_service_count"] = (
                Request.search_count([]) if Request.has_access("read") else 0
            )
        if "tz_kb_count" in counters:
            values["tz_kb_count"] = (
                Article.search_count(self._kb_domain())
                if Article.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Service requests
    # ------------------------------------------------------------------
    def _service_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "id desc"},
            "name": {"label": _("Subject"), "order": "name"},
            "stage": {"label": _("Stage"), "order": "stage_id, id desc"},
        }

    @http.route(
        ["/my/service", "/my/service/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_requests(self, page=1, sortby="date", filterby="all", **kw):
        Request = request.env["tz.service.request"]
        sortings = self._service_sortings()
        sortby = sortby if sortby in sortings else "date"
        filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
        }
        filterby = filterby if filterby in filters else "all"
        domain = filters[filterby]["domain"]
        count = Request.search_count(domain)
        pager = portal_pager(
            url="/my/service",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=PAGE_SIZE,
        )
        requests_ = Request.search(
            domain,
            order=sortings[sortby]["order"],
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "service_requests": requests_,
                "page_name": "tz_service",
                "pager": pager,
                "default_url": "/my/service",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("tz_service.portal_my_service_requests", values)

    @http.route(
        ["/my/service/<int:request_id>"], type="http", auth="public", website=True
    )
    def portal_my_service_request(self, request_id, access_token=None, **kw):
        try:
            request_sudo = self._document_check_access(
                "tz.service.request", request_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            request_sudo,
            access_token,
            {"service_request": request_sudo, "page_name": "tz_service"},
            "my_service_requests_history",
            False,
            **kw,
        )
        return request.render("tz_service.portal_my_service_request", values)

    @http.route(
        ["/my/service/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_new_service_request(self, **post):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "tz_service", "error": False, "post": post})
        products = (
            request.env["product.product"]
            .sudo()
            .search([("sale_ok", "=", True)], limit=200)
        )
        values["products"] = products
        if request.httprequest.method == "POST":
            subject = (post.get("name") or "").strip()
            if not subject:
                values["error"] = _("Please give a subject to your request.")
                return request.render("tz_service.portal_new_service_request", values)
            partner = request.env.user.partner_id
            product_id = (
                int(post["product_id"])
                if post.get("product_id", "").isdigit()
                else False
            )
            if product_id and product_id not in products.ids:
                product_id = False
            description = (post.get("description") or "").strip()
            try:
                new_request = (
                    request.env["tz.service.request"]
                    .sudo()
                    .with_company(request.env.user.company_id)
                    .create(
                        {
                            "name": subject,
                            "partner_id": partner.id,
                            "description": Markup("<p>%s</p>") % description,
                            "product_id": product_id,
                            "serial_number": (post.get("serial_number") or "").strip(),
                            "channel": "portal",
                            "user_id": False,
                            "company_id": request.env.user.company_id.id,
                        }
                    )
                )
            except ValidationError as error:
                values["error"] = error.args[0]
                return request.render("tz_service.portal_new_service_request", values)
            return request.redirect(new_request.access_url)
        return request.render("tz_service.portal_new_service_request", values)

    # ------------------------------------------------------------------
    # Knowledge base
    # ------------------------------------------------------------------
    def _kb_domain(self):
        return [("state", "=", "published"), ("visibility", "=", "portal")]

    # only reads: served by the read replica when Odoo has one (db_replica_host);
    # opening an article counts a view, so /my/kb/<id> stays on the primary
    @http.route(
        ["/my/kb", "/my/kb/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kb(self, page=1, search=None, **kw):
        Article = request.env["tz.kb.article"]
        domain = self._kb_domain()
        snippets = {}
        if search and search.strip():
            articles = Article.search_articles(search, limit=PAGE_SIZE, domain=domain)
            for article in articles:
                snippets[article.id] = Markup(
                    zh_search.snippet(zh_search.html_to_text(article.body), search, 120)
                )
            pager = False
        else:
            count = Article.search_count(domain)
            pager = portal_pager(url="/my/kb", total=count, page=page, step=PAGE_SIZE)
            articles = Article.search(domain, limit=PAGE_SIZE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "articles": articles,
                "snippets": snippets,
                "search": search or "",
                "page_name": "tz_kb",
                "pager": pager,
                "default_url": "/my/kb",
            }
        )
        return request.render("tz_service.portal_my_kb", values)

    @http.route(["/my/kb/<int:article_id>"], type="http", auth="user", website=True)
    def portal_my_kb_article(self, article_id, **kw):
        article = request.env["tz.kb.article"].browse(article_id)
        if not article.exists():
            return request.redirect("/my/kb")
        try:
            article.check_access("read")
        except AccessError:
            return request.redirect("/my/kb")
        article.sudo()._increment_views()
        values = self._prepare_portal_layout_values()
        values.update(
            {"article": article, "page_name": "tz_kb", "voted": kw.get("voted")}
        )
        return request.render("tz_service.portal_my_kb_article", values)

    @http.route(
        ["/my/kb/<int:article_id>/vote"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_kb_vote(self, article_id, helpful="1", **kw):
        article = request.env["tz.kb.article"].browse(article_id)
        try:
            article.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my/kb")
        if helpful == "1":
            article.action_vote_helpful()
        else:
            article.action_vote_unhelpful()
        return request.redirect(f"/my/kb/{article_id}?voted=1")
