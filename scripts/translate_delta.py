# ruff: noqa: E501 - a table of whole sentences, one per line, is easier to check than wrapped ones
"""Fill in French and Spanish for new or fuzzy messages from a small table (used after
`make messages`), then compile. Usage: python scripts/translate_delta.py"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"

TABLE = {
    "region of nationality": ("région de la nationalité", "región de la nacionalidad"),
    "%(label)s:": (f"%(label)s{NBSP}:", "%(label)s:"),
    "Select this object for an action - {}": (
        "Choisir cet objet pour une action - {}",
        "Seleccione este objeto para una acción - {}",
    ),
    "%(label)s: %(value)s": (f"%(label)s{NBSP}: %(value)s", "%(label)s: %(value)s"),
    "My page": ("Ma page", "Mi página"),
    "%(organization)s cannot be accredited: the application is “%(status)s”.": (
        f"%(organization)s ne peut pas être accréditée{NBSP}: la demande est «{NBSP}%(status)s{NBSP}».",
        "%(organization)s no puede ser acreditada: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be asked for information: the application is “%(status)s”.": (
        f"Aucune information ne peut être demandée à %(organization)s{NBSP}: la demande est «{NBSP}%(status)s{NBSP}».",
        "No se puede pedir información a %(organization)s: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be refused: the application is “%(status)s”.": (
        f"La demande de %(organization)s ne peut pas être refusée{NBSP}: elle est «{NBSP}%(status)s{NBSP}».",
        "La solicitud de %(organization)s no puede ser denegada: está «%(status)s».",
    ),
    "%(organization)s cannot be placed on the non-objection list: the application is “%(status)s”.": (
        f"%(organization)s ne peut pas être inscrite sur la liste de non-objection{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "%(organization)s no puede incluirse en la lista de no objeción: la solicitud está «%(status)s».",
    ),
    "No objection can be recorded for %(organization)s: the application is “%(status)s”.": (
        f"Aucune objection ne peut être enregistrée pour %(organization)s{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "No se puede registrar ninguna objeción para %(organization)s: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be finalized: the application is “%(status)s”.": (
        f"La demande de %(organization)s ne peut pas être finalisée{NBSP}: elle est «{NBSP}%(status)s{NBSP}».",
        "La solicitud de %(organization)s no puede finalizarse: está «%(status)s».",
    ),
    "The accreditation of %(organization)s cannot be revoked: the application is “%(status)s”.": (
        f"L’accréditation de %(organization)s ne peut pas être révoquée{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "La acreditación de %(organization)s no puede revocarse: la solicitud está «%(status)s».",
    ),
    "Privacy notice": (
        "Avis de confidentialité",
        "Aviso de privacidad",
    ),
    "Version %(version)s, published on %(date)s.": (
        "Version %(version)s, publiée le %(date)s.",
        "Versión %(version)s, publicada el %(date)s.",
    ),
    "The Secretariat of the International Migration Review Forum uses this site to accredit organizations and register their representatives. This notice says what personal data we collect, why, who sees it and how long we keep it.": (
        "Le Secrétariat du Forum d’examen des migrations internationales utilise ce site pour accréditer les organisations et enregistrer leurs représentants. Cet avis indique quelles données personnelles nous recueillons, pourquoi, qui les voit et combien de temps nous les conservons.",
        "La Secretaría del Foro de Examen de la Migración Internacional utiliza este sitio para acreditar a las organizaciones y registrar a sus representantes. Este aviso indica qué datos personales recogemos, por qué, quién los ve y cuánto tiempo los conservamos.",
    ),
    "What we collect": (
        "Ce que nous recueillons",
        "Qué datos recogemos",
    ),
    "Focal points of organizations: name, e-mail address, password (stored only as a salted hash), preferred language.": (
        "Points focaux des organisations\xa0: nom, adresse électronique, mot de passe (conservé uniquement sous forme d’empreinte salée), langue préférée.",
        "Puntos focales de las organizaciones: nombre, dirección de correo electrónico, contraseña (guardada solo como hash con sal), idioma preferido.",
    ),
    "Organizations: name, country, contact details, documents sent with the application.": (
        "Organisations\xa0: nom, pays, coordonnées, documents joints à la demande.",
        "Organizaciones: nombre, país, datos de contacto, documentos enviados con la solicitud.",
    ),
    "Representatives: names as in the passport, date of birth, gender (optional), nationality, country of residence, e-mail address, telephone, job title, photo, accessibility needs (optional), the sessions they register for.": (
        "Représentants\xa0: noms tels qu’ils figurent dans le passeport, date de naissance, genre (facultatif), nationalité, pays de résidence, adresse électronique, téléphone, fonction, photo, besoins d’accessibilité (facultatif), les séances auxquelles ils s’inscrivent.",
        "Representantes: nombres como figuran en el pasaporte, fecha de nacimiento, género (opcional), nacionalidad, país de residencia, dirección de correo electrónico, teléfono, cargo, foto, necesidades de accesibilidad (opcional), las sesiones en las que se inscriben.",
    ),
    "Representatives who ask for a visa support letter: passport number (encrypted), issuing country, dates of issue and expiry, place of birth, the consulate where they apply and their travel dates.": (
        "Représentants qui demandent une lettre d’appui pour le visa\xa0: numéro de passeport (chiffré), pays de délivrance, dates de délivrance et d’expiration, lieu de naissance, le consulat où ils déposent leur demande et leurs dates de voyage.",
        "Representantes que solicitan una carta de apoyo para el visado: número de pasaporte (cifrado), país de expedición, fechas de expedición y de caducidad, lugar de nacimiento, el consulado donde presentan la solicitud y sus fechas de viaje.",
    ),
    "For security: a record of each action taken on the site (who, when, from which network address).": (
        "Pour la sécurité\xa0: un registre de chaque action effectuée sur le site (qui, quand, depuis quelle adresse réseau).",
        "Por seguridad: un registro de cada acción realizada en el sitio (quién, cuándo, desde qué dirección de red).",
    ),
    "Why": (
        "Pourquoi",
        "Por qué",
    ),
    "To decide on accreditation and on representatives, as the rules of the Forum require.": (
        "Pour statuer sur l’accréditation et sur les représentants, comme l’exigent les règles du Forum.",
        "Para decidir sobre la acreditación y sobre los representantes, como exigen las normas del Foro.",
    ),
    "To issue grounds passes at United Nations Headquarters: the photo and the names are checked at the pass and ID office.": (
        "Pour délivrer les laissez-passer du Siège de l’Organisation des Nations Unies\xa0: la photo et les noms sont vérifiés au bureau des badges.",
        "Para expedir los pases de acceso a la Sede de las Naciones Unidas: la foto y los nombres se comprueban en la oficina de pases e identificación.",
    ),
    "To issue visa support letters that a consulate can verify.": (
        "Pour délivrer des lettres d’appui pour le visa qu’un consulat peut vérifier.",
        "Para expedir cartas de apoyo para el visado que un consulado puede verificar.",
    ),
    "To report on participation with anonymous statistics (region, gender, type of organization).": (
        "Pour rendre compte de la participation par des statistiques anonymes (région, genre, type d’organisation).",
        "Para informar sobre la participación con estadísticas anónimas (región, género, tipo de organización).",
    ),
    "Who sees it": (
        "Qui les voit",
        "Quién los ve",
    ),
    "The focal points of your organization see its application and its representatives.": (
        "Les points focaux de votre organisation voient sa demande et ses représentants.",
        "Los puntos focales de su organización ven su solicitud y sus representantes.",
    ),
    "The Secretariat's staff, each only for their task: passport numbers only by visa officers, confidential notes only by those who decide.": (
        "Le personnel du Secrétariat, chacun pour sa seule tâche\xa0: les numéros de passeport par les seuls responsables des visas, les notes confidentielles par les seuls décideurs.",
        "El personal de la Secretaría, cada uno solo para su tarea: los números de pasaporte solo los encargados de visados, las notas confidenciales solo quienes deciden.",
    ),
    "Member States see only the name, country, website and type of organizations applying for special accreditation — never a person's data.": (
        "Les États Membres ne voient que le nom, le pays, le site web et le type des organisations qui demandent une accréditation spéciale — jamais les données d’une personne.",
        "Los Estados Miembros solo ven el nombre, el país, el sitio web y el tipo de las organizaciones que solicitan una acreditación especial — nunca los datos de una persona.",
    ),
    "Anyone can see the list of accredited organizations (name, country, type) — no person is listed.": (
        "Tout le monde peut consulter la liste des organisations accréditées (nom, pays, type) — aucune personne n’y figure.",
        "Cualquiera puede ver la lista de organizaciones acreditadas (nombre, país, tipo) — no figura ninguna persona.",
    ),
    "A consular officer who verifies a visa support letter sees the holder's name and nationality, the last four characters of the passport number and whether the letter is valid.": (
        "Un agent consulaire qui vérifie une lettre d’appui pour le visa voit le nom et la nationalité du titulaire, les quatre derniers caractères du numéro de passeport et si la lettre est valide.",
        "Un funcionario consular que verifica una carta de apoyo para el visado ve el nombre y la nacionalidad del titular, los cuatro últimos caracteres del número de pasaporte y si la carta es válida.",
    ),
    "We do not sell or share personal data with anyone else, and we do not use advertising or tracking.": (
        "Nous ne vendons ni ne partageons les données personnelles avec quiconque, et nous n’utilisons ni publicité ni pistage.",
        "No vendemos ni compartimos los datos personales con nadie más, y no usamos publicidad ni rastreo.",
    ),
    "How long we keep it": (
        "Combien de temps nous les conservons",
        "Cuánto tiempo los conservamos",
    ),
    "Passport data, photos, dates of birth and contact details of representatives are erased some time after the Forum ends.": (
        "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées quelque temps après la fin du Forum.",
        "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran algún tiempo después de que termine el Foro.",
    ),
    "What remains is the record of participation (names and organizations, as in a list of participants) and anonymous statistics.": (
        "Il reste la trace de la participation (noms et organisations, comme dans une liste des participants) et des statistiques anonymes.",
        "Queda el registro de la participación (nombres y organizaciones, como en una lista de participantes) y estadísticas anónimas.",
    ),
    "Nominating someone else": (
        "Désigner une autre personne",
        "Designar a otra persona",
    ),
    "A focal point who nominates a representative confirms that the person has read this notice and agrees that their data is used as it describes. We record when and under which version of this notice.": (
        "Le point focal qui désigne un représentant confirme que la personne a lu cet avis et accepte que ses données soient utilisées comme il le décrit. Nous enregistrons quand et sous quelle version de cet avis.",
        "El punto focal que designa a un representante confirma que la persona ha leído este aviso y acepta que sus datos se usen como en él se describe. Registramos cuándo y con qué versión de este aviso.",
    ),
    "Your choices": (
        "Vos choix",
        "Sus opciones",
    ),
    "You can correct your data on your page, withdraw a nomination at any time, and ask the Secretariat to see or erase your data by answering any e-mail from this site.": (
        "Vous pouvez corriger vos données sur votre page, retirer une désignation à tout moment, et demander au Secrétariat de voir ou d’effacer vos données en répondant à n’importe quel courriel de ce site.",
        "Puede corregir sus datos en su página, retirar una designación en cualquier momento y pedir a la Secretaría ver o borrar sus datos respondiendo a cualquier correo electrónico de este sitio.",
    ),
    'How we use and protect personal data: <a href="%(privacy_url)s">privacy notice</a>.': (
        'Comment nous utilisons et protégeons les données personnelles\xa0: <a href="%(privacy_url)s">avis de confidentialité</a>.',
        'Cómo usamos y protegemos los datos personales: <a href="%(privacy_url)s">aviso de privacidad</a>.',
    ),
    'Before you nominate someone, share the <a href="%(privacy_url)s">privacy notice</a> with them: it says what we do with their data.': (
        'Avant de désigner une personne, communiquez-lui l’<a href="%(privacy_url)s">avis de confidentialité</a>\xa0: il indique ce que nous faisons de ses données.',
        'Antes de designar a alguien, comparta con esa persona el <a href="%(privacy_url)s">aviso de privacidad</a>: indica qué hacemos con sus datos.',
    ),
    "This person has read the privacy notice and agrees that their data is used as it describes.": (
        "Cette personne a lu l’avis de confidentialité et accepte que ses données soient utilisées comme il le décrit.",
        "Esta persona ha leído el aviso de privacidad y acepta que sus datos se usen como en él se describe.",
    ),
    "Confirm that the representative agrees to the privacy notice.": (
        "Confirmez que le représentant accepte l’avis de confidentialité.",
        "Confirme que el representante acepta el aviso de privacidad.",
    ),
    "consent given": (
        "consentement donné",
        "consentimiento dado",
    ),
    "privacy notice version": (
        "version de l’avis de confidentialité",
        "versión del aviso de privacidad",
    ),
    "Password of your account": (
        "Mot de passe de votre compte",
        "Contraseña de su cuenta",
    ),
    "This is not the password of the account with this address. Sign in to it, or reset its password.": (
        "Ce n’est pas le mot de passe du compte qui porte cette adresse. Connectez-vous à ce compte ou réinitialisez son mot de passe.",
        "Esta no es la contraseña de la cuenta con esta dirección. Inicie sesión en ella o restablezca su contraseña.",
    ),
    "Too many attempts. Wait ten minutes, or sign in and open the link again.": (
        "Trop de tentatives. Attendez dix minutes, ou connectez-vous et ouvrez de nouveau le lien.",
        "Demasiados intentos. Espere diez minutos, o inicie sesión y vuelva a abrir el enlace.",
    ),
    "Your nomination is linked to your account.": (
        "Votre désignation est liée à votre compte.",
        "Su designación está vinculada a su cuenta.",
    ),
    "Send a two-factor set-up link": (
        "Envoyer un lien de configuration de l’authentification à deux facteurs",
        "Enviar un enlace para configurar la autenticación de dos factores",
    ),
    "%(user)s has no staff access: no link sent.": (
        "%(user)s n’a pas d’accès du personnel\xa0: aucun lien envoyé.",
        "%(user)s no tiene acceso de personal: no se envió ningún enlace.",
    ),
    "%(user)s already has an authenticator app: no link sent.": (
        "%(user)s a déjà une application d’authentification\xa0: aucun lien envoyé.",
        "%(user)s ya tiene una aplicación de autenticación: no se envió ningún enlace.",
    ),
    "A two-factor set-up link was sent to %(user)s.": (
        "Un lien de configuration de l’authentification à deux facteurs a été envoyé à %(user)s.",
        "Se envió a %(user)s un enlace para configurar la autenticación de dos factores.",
    ),
    "This list cannot be filtered that way; it is shown without that filter.": (
        "Cette liste ne peut pas être filtrée ainsi\xa0; elle est affichée sans ce filtre.",
        "Esta lista no puede filtrarse de ese modo; se muestra sin ese filtro.",
    ),
    "Enter the code from your authenticator app to open the back office.": (
        "Saisissez le code de votre application d’authentification pour ouvrir l’espace d’administration.",
        "Introduzca el código de su aplicación de autenticación para abrir la administración.",
    ),
    "The file is too large": (
        "Le fichier est trop volumineux",
        "El archivo es demasiado grande",
    ),
    "What you sent is larger than the %(limit)s an upload may have, so it was not read and nothing was saved. Go back, choose a smaller file (save a scan at a lower resolution, or as a PDF) and send the form again.": (
        "Ce que vous avez envoyé dépasse les %(limit)s autorisés pour un envoi de fichier\xa0: il n’a donc pas été lu et rien n’a été enregistré. Revenez en arrière, choisissez un fichier plus petit (enregistrez le scan à une résolution plus faible, ou en PDF) et envoyez de nouveau le formulaire.",
        "Lo que envió supera los %(limit)s permitidos para un archivo, por lo que no se leyó y no se guardó nada. Vuelva atrás, elija un archivo más pequeño (guarde el escaneo con menor resolución, o en PDF) y envíe de nuevo el formulario.",
    ),
    "You are signed in with %(email)s. Link the nomination to this account.": (
        "Vous êtes connecté(e) avec %(email)s. Liez la désignation à ce compte.",
        "Ha iniciado sesión con %(email)s. Vincule la designación a esta cuenta.",
    ),
    'An account with %(email)s already exists. To link the nomination to it, enter that account\'s password — or <a href="%(login_url)s">sign in</a> and open this link again.': (
        'Un compte avec %(email)s existe déjà. Pour y lier la désignation, saisissez le mot de passe de ce compte — ou <a href="%(login_url)s">connectez-vous</a> et ouvrez de nouveau ce lien.',
        'Ya existe una cuenta con %(email)s. Para vincularle la designación, introduzca la contraseña de esa cuenta, o <a href="%(login_url)s">inicie sesión</a> y vuelva a abrir este enlace.',
    ),
    "Forgot your password?": (
        "Mot de passe oublié\xa0?",
        "¿Olvidó su contraseña?",
    ),
    "An administrator gave your account access to the back office of IMRF Accreditation. The back office needs an authenticator app. Open this link, sign in with your e-mail address and password if asked, and scan the code it shows with your app:": (
        "Un administrateur a donné à votre compte l’accès à l’espace d’administration d’IMRF Accreditation. Cet espace exige une application d’authentification. Ouvrez ce lien, connectez-vous avec votre adresse électronique et votre mot de passe si cela vous est demandé, puis scannez le code affiché avec votre application\xa0:",
        "Un administrador dio a su cuenta acceso a la administración de IMRF Accreditation. La administración requiere una aplicación de autenticación. Abra este enlace, inicie sesión con su dirección de correo electrónico y su contraseña si se le pide, y escanee con su aplicación el código que aparece:",
    ),
    "If you did not expect this e-mail, tell the Secretariat.": (
        "Si vous n’attendiez pas ce courriel, prévenez le Secrétariat.",
        "Si no esperaba este correo, avise a la Secretaría.",
    ),
    "Set up two-factor authentication for the back office": (
        "Configurez l’authentification à deux facteurs pour l’espace d’administration",
        "Configure la autenticación de dos factores para la administración",
    ),
    "This set-up link is not valid": (
        "Ce lien de configuration n’est pas valide",
        "Este enlace de configuración no es válido",
    ),
    "The link may have expired or been used already, or it was sent for another account. Sign in with the account it was sent to, or ask an administrator for a new link.": (
        "Le lien a peut-être expiré ou déjà servi, ou il a été envoyé pour un autre compte. Connectez-vous avec le compte auquel il a été envoyé, ou demandez un nouveau lien à un administrateur.",
        "Es posible que el enlace haya caducado o ya se haya usado, o que se enviara para otra cuenta. Inicie sesión con la cuenta a la que se envió, o pida un nuevo enlace a un administrador.",
    ),
    "Two-factor authentication needed": (
        "Authentification à deux facteurs nécessaire",
        "Se necesita la autenticación de dos factores",
    ),
    "Your account needs nothing more.": (
        "Votre compte n’a besoin de rien d’autre.",
        "Su cuenta no necesita nada más.",
    ),
    "The back office and every staff page need the code from your authenticator app, once per sign-in.": (
        "L’espace d’administration et chaque page du personnel demandent le code de votre application d’authentification, une fois par connexion.",
        "La administración y cada página del personal requieren el código de su aplicación de autenticación, una vez por inicio de sesión.",
    ),
    "Enter the code": (
        "Saisir le code",
        "Introducir el código",
    ),
    "Your account has Secretariat access, which needs an authenticator app. Until one is set up, your account works like any other: no back office, no staff downloads.": (
        "Votre compte a un accès du Secrétariat, qui exige une application d’authentification. Tant qu’elle n’est pas configurée, votre compte fonctionne comme n’importe quel autre\xa0: pas d’espace d’administration, pas de téléchargements réservés au personnel.",
        "Su cuenta tiene acceso de la Secretaría, que requiere una aplicación de autenticación. Hasta que la configure, su cuenta funciona como cualquier otra: sin administración ni descargas reservadas al personal.",
    ),
    "Ask an administrator to send you a set-up link. It arrives by e-mail, works once, and only for your account while you are signed in.": (
        "Demandez à un administrateur de vous envoyer un lien de configuration. Il arrive par courriel, ne sert qu’une fois, et seulement pour votre compte, une fois connecté(e).",
        "Pida a un administrador que le envíe un enlace de configuración. Llega por correo electrónico, sirve una sola vez y solo para su cuenta, con la sesión iniciada.",
    ),
    "E-mail address of the person to invite": (
        "Adresse électronique de la personne à inviter",
        "Dirección de correo electrónico de la persona que desea invitar",
    ),
    "Their name (optional)": (
        "Son nom (facultatif)",
        "Su nombre (opcional)",
    ),
    "We greet them by this name in the invitation.": (
        "Nous l’appelons par ce nom dans l’invitation.",
        "Usaremos este nombre para saludarle en la invitación.",
    ),
    "Enter only the person's name.": (
        "Indiquez seulement le nom de la personne.",
        "Indique solo el nombre de la persona.",
    ),
    "Accept": (
        "Accepter",
        "Aceptar",
    ),
    "Decline": (
        "Refuser",
        "Rechazar",
    ),
    "link nonce": (
        "nonce du lien",
        "nonce del enlace",
    ),
    "invited by": (
        "invité par",
        "invitado por",
    ),
    "last sent": (
        "dernier envoi",
        "último envío",
    ),
    "expires": (
        "expiration",
        "caducidad",
    ),
    "accepted": (
        "date d’acceptation",
        "fecha de aceptación",
    ),
    "declined": (
        "date de refus",
        "fecha de rechazo",
    ),
    "focal point invitation": (
        "invitation à devenir point focal",
        "invitación a ser punto focal",
    ),
    "focal point invitations": (
        "invitations à devenir point focal",
        "invitaciones a ser punto focal",
    ),
    "This invitation link is not valid: it may have been used, cancelled or replaced by a newer one.": (
        "Ce lien d’invitation n’est pas valide\xa0: il a peut-être déjà été utilisé, été annulé ou été remplacé par un lien plus récent.",
        "Este enlace de invitación no es válido: es posible que ya se haya utilizado, que se haya cancelado o que se haya sustituido por otro más reciente.",
    ),
    "This invitation has already been answered or cancelled.": (
        "Cette invitation a déjà reçu une réponse ou a été annulée.",
        "Esta invitación ya ha sido respondida o cancelada.",
    ),
    "Your organization has sent many invitations today. Please try again tomorrow.": (
        "Votre organisation a envoyé de nombreuses invitations aujourd’hui. Veuillez réessayer demain.",
        "Su organización ha enviado muchas invitaciones hoy. Vuelva a intentarlo mañana.",
    ),
    "Many invitations are still waiting for an answer. Cancel those you no longer need, then try again.": (
        "De nombreuses invitations attendent encore une réponse. Annulez celles dont vous n’avez plus besoin, puis réessayez.",
        "Muchas invitaciones siguen a la espera de respuesta. Cancele las que ya no necesite y vuelva a intentarlo.",
    ),
    "This invitation link has expired. Ask the organization's focal point to send a new one.": (
        "Ce lien d’invitation a expiré. Demandez au point focal de l’organisation de vous en envoyer un nouveau.",
        "Este enlace de invitación ha caducado. Pida al punto focal de la organización que le envíe uno nuevo.",
    ),
    "This invitation was sent to another e-mail address than the one you are signed in with.": (
        "Cette invitation a été envoyée à une autre adresse électronique que celle du compte avec lequel vous êtes connecté.",
        "Esta invitación se envió a una dirección de correo electrónico distinta de la de la cuenta con la que ha iniciado sesión.",
    ),
    "Confirm your e-mail address %(email)s first, then open the invitation link again.": (
        "Confirmez d’abord votre adresse électronique %(email)s, puis ouvrez de nouveau le lien d’invitation.",
        "Confirme primero su dirección de correo electrónico %(email)s y vuelva a abrir el enlace de invitación.",
    ),
    "A Secretariat account cannot act for an organization.": (
        "Un compte du Secrétariat ne peut pas agir au nom d’une organisation.",
        "Una cuenta de la Secretaría no puede actuar en nombre de una organización.",
    ),
    "You are already a focal point of %(organization)s.": (
        "Vous êtes déjà point focal de %(organization)s.",
        "Ya es punto focal de %(organization)s.",
    ),
    "You are already a focal point of %(organization)s, and a person acts for one organization only. To accept, ask its other focal points to remove you first, then open this link again.": (
        "Vous êtes déjà point focal de %(organization)s, et une personne n’agit qu’au nom d’une seule organisation. Pour accepter, demandez d’abord à ses autres points focaux de vous retirer, puis ouvrez de nouveau ce lien.",
        "Ya es punto focal de %(organization)s, y una persona solo actúa en nombre de una organización. Para aceptar, pida primero a sus demás puntos focales que le retiren y vuelva a abrir este enlace.",
    ),
    "Someone else is changing this organization's focal points right now. Please try again.": (
        "Quelqu’un d’autre modifie les points focaux de cette organisation en ce moment. Veuillez réessayer.",
        "Otra persona está modificando los puntos focales de esta organización en este momento. Vuelva a intentarlo.",
    ),
    "This focal point has already been removed.": (
        "Ce point focal a déjà été retiré.",
        "Este punto focal ya se ha retirado.",
    ),
    "We sent an invitation to %(email)s. If the person accepts it, signed in with this address (or after registering with it), they become a focal point of the organization.": (
        "Nous avons envoyé une invitation à %(email)s. Si la personne l’accepte, connectée avec cette adresse (ou après s’être inscrite avec elle), elle devient point focal de l’organisation.",
        "Hemos enviado una invitación a %(email)s. Si la persona la acepta, tras iniciar sesión con esta dirección (o registrarse con ella), pasará a ser punto focal de la organización.",
    ),
    "We sent the invitation to %(email)s again, with a new link; the previous one no longer works.": (
        "Nous avons renvoyé l’invitation à %(email)s avec un nouveau lien\xa0; le précédent ne fonctionne plus.",
        "Hemos vuelto a enviar la invitación a %(email)s con un nuevo enlace; el anterior ya no funciona.",
    ),
    "The invitation to %(email)s is cancelled: its link no longer works.": (
        "L’invitation adressée à %(email)s est annulée\xa0: son lien ne fonctionne plus.",
        "La invitación a %(email)s se ha cancelado: su enlace ya no funciona.",
    ),
    "You are now a focal point of %(organization)s.": (
        "Vous êtes désormais point focal de %(organization)s.",
        "Ahora es punto focal de %(organization)s.",
    ),
    "You declined the invitation to act for %(organization)s.": (
        "Vous avez refusé l’invitation à agir au nom de %(organization)s.",
        "Ha rechazado la invitación a actuar en nombre de %(organization)s.",
    ),
    "Invitation to become a focal point": (
        "Invitation à devenir point focal",
        "Invitación a ser punto focal",
    ),
    "Confirm your e-mail address": (
        "Confirmer votre adresse électronique",
        "Confirmar su dirección de correo electrónico",
    ),
    "%(inviter)s (%(inviter_email)s) invites you to become a focal point of %(organization)s.": (
        "%(inviter)s (%(inviter_email)s) vous invite à devenir point focal de %(organization)s.",
        "%(inviter)s (%(inviter_email)s) le invita a ser punto focal de %(organization)s.",
    ),
    "You are invited to become a focal point of %(organization)s.": (
        "Vous êtes invité à devenir point focal de %(organization)s.",
        "Se le invita a ser punto focal de %(organization)s.",
    ),
    "Headquarters": (
        "Siège",
        "Sede",
    ),
    "Focal points act for the organization in this portal: they apply for accreditation, upload its documents, nominate its representatives and receive the Secretariat's messages. A person acts for one organization only.": (
        "Les points focaux agissent au nom de l’organisation sur ce portail\xa0: ils demandent l’accréditation, téléversent ses documents, désignent ses représentants et reçoivent les messages du Secrétariat. Une personne n’agit qu’au nom d’une seule organisation.",
        "Los puntos focales actúan en nombre de la organización en este portal: solicitan la acreditación, cargan sus documentos, designan a sus representantes y reciben los mensajes de la Secretaría. Una persona solo actúa en nombre de una organización.",
    ),
    "This invitation is for another account": (
        "Cette invitation est destinée à un autre compte",
        "Esta invitación es para otra cuenta",
    ),
    "Sign out, then sign in with the address the invitation was sent to, or register with it.": (
        "Déconnectez-vous, puis connectez-vous avec l’adresse à laquelle l’invitation a été envoyée, ou inscrivez-vous avec elle.",
        "Cierre la sesión e inicie sesión con la dirección a la que se envió la invitación, o regístrese con ella.",
    ),
    "You are invited to become a focal point of an organization: the e-mail that brought you here says which one, and who invited you.": (
        "Vous êtes invité à devenir point focal d’une organisation\xa0: le courriel qui vous a conduit ici indique laquelle, et qui vous a invité.",
        "Se le invita a ser punto focal de una organización: el correo electrónico que le ha traído hasta aquí indica cuál y quién le ha invitado.",
    ),
    "To accept or decline, sign in with the address the invitation was sent to. If you have no account with that address yet, register with it and confirm it; then open the link in the e-mail again.": (
        "Pour accepter ou refuser, connectez-vous avec l’adresse à laquelle l’invitation a été envoyée. Si vous n’avez pas encore de compte avec cette adresse, inscrivez-vous avec elle et confirmez-la\xa0; puis ouvrez de nouveau le lien du courriel.",
        "Para aceptar o rechazar, inicie sesión con la dirección a la que se envió la invitación. Si aún no tiene una cuenta con esa dirección, regístrese con ella y confírmela; después, vuelva a abrir el enlace del correo electrónico.",
    ),
    "Focal points act for the organization: they apply, upload documents and nominate representatives. Invite a colleague by e-mail: they become a focal point once they accept, signed in with that address.": (
        "Les points focaux agissent au nom de l’organisation\xa0: ils présentent la demande, téléversent les documents et désignent les représentants. Invitez un collègue par courriel\xa0: il devient point focal une fois l’invitation acceptée, connecté avec cette adresse.",
        "Los puntos focales actúan en nombre de la organización: presentan la solicitud, cargan los documentos y designan a los representantes. Invite a un colega por correo electrónico: pasará a ser punto focal cuando acepte la invitación, tras iniciar sesión con esa dirección.",
    ),
    "Invitations waiting for an answer": (
        "Invitations en attente de réponse",
        "Invitaciones a la espera de respuesta",
    ),
    "Invited by": (
        "Invité par",
        "Invitado por",
    ),
    "Link valid until": (
        "Lien valable jusqu’au",
        "Enlace válido hasta el",
    ),
    "Expired": (
        "Expirée",
        "Caducada",
    ),
    "Send again": (
        "Renvoyer",
        "Volver a enviar",
    ),
    "Cancel the invitation": (
        "Annuler l’invitation",
        "Cancelar la invitación",
    ),
    "No invitation is waiting for an answer.": (
        "Aucune invitation n’attend de réponse.",
        "Ninguna invitación está a la espera de respuesta.",
    ),
    "Invite a focal point": (
        "Inviter un point focal",
        "Invitar a un punto focal",
    ),
    "We e-mail the person a link to accept or decline. They sign in with this address, or register with it if they have no account yet. Sending again gives them a new link; the previous one stops working.": (
        "Nous envoyons à la personne un lien pour accepter ou refuser. Elle se connecte avec cette adresse, ou s’inscrit avec elle si elle n’a pas encore de compte. Un nouvel envoi lui donne un nouveau lien\xa0; le précédent cesse de fonctionner.",
        "Enviamos a la persona un enlace para aceptar o rechazar. Inicia sesión con esta dirección, o se registra con ella si aún no tiene cuenta. Un nuevo envío le da un nuevo enlace; el anterior deja de funcionar.",
    ),
    "Send the invitation": (
        "Envoyer l’invitation",
        "Enviar la invitación",
    ),
    "Invitation to act for %(organization)s": (
        "Invitation à agir au nom de %(organization)s",
        "Invitación a actuar en nombre de %(organization)s",
    ),
    "Dear %(name)s,": (
        "Bonjour %(name)s,",
        "Estimado/a %(name)s:",
    ),
    "Hello,": (
        "Bonjour,",
        "Buenos días:",
    ),
    "%(inviter)s (%(inviter_email)s) invites you to become a focal point of %(organization)s for the International Migration Review Forum.": (
        "%(inviter)s (%(inviter_email)s) vous invite à devenir point focal de %(organization)s pour le Forum d’examen des migrations internationales.",
        "%(inviter)s (%(inviter_email)s) le invita a ser punto focal de %(organization)s para el Foro de Examen de la Migración Internacional.",
    ),
    "You are invited to become a focal point of %(organization)s for the International Migration Review Forum.": (
        "Vous êtes invité à devenir point focal de %(organization)s pour le Forum d’examen des migrations internationales.",
        "Se le invita a ser punto focal de %(organization)s para el Foro de Examen de la Migración Internacional.",
    ),
    "Focal points act for the organization in the accreditation portal: they apply for accreditation, upload its documents and nominate its representatives.": (
        "Les points focaux agissent au nom de l’organisation sur le portail d’accréditation\xa0: ils demandent l’accréditation, téléversent ses documents et désignent ses représentants.",
        "Los puntos focales actúan en nombre de la organización en el portal de acreditación: solicitan la acreditación, cargan sus documentos y designan a sus representantes.",
    ),
    "Open this link to accept or decline. You will sign in with this e-mail address, or register with it if you have no account yet. The link works once and for %(valid_days)s days.": (
        "Ouvrez ce lien pour accepter ou refuser. Vous vous connecterez avec cette adresse électronique, ou vous vous inscrirez avec elle si vous n’avez pas encore de compte. Le lien ne peut être utilisé qu’une fois et reste valable %(valid_days)s jours.",
        "Abra este enlace para aceptar o rechazar. Iniciará sesión con esta dirección de correo electrónico, o se registrará con ella si aún no tiene cuenta. El enlace solo puede utilizarse una vez y es válido durante %(valid_days)s días.",
    ),
    "If you do not know this organization or did not expect this invitation, ignore this e-mail: nothing happens unless you accept.": (
        "Si vous ne connaissez pas cette organisation ou n’attendiez pas cette invitation, ne tenez pas compte de ce courriel\xa0: rien ne se passe tant que vous n’acceptez pas.",
        "Si no conoce esta organización o no esperaba esta invitación, haga caso omiso de este correo electrónico: no ocurrirá nada a menos que la acepte.",
    ),
    "New focal point of %(organization)s": (
        "Nouveau point focal de %(organization)s",
        "Nuevo punto focal de %(organization)s",
    ),
    "%(full_name)s (%(email)s) is now a focal point of %(organization)s and can act for it in the portal.": (
        "%(full_name)s (%(email)s) est désormais point focal de %(organization)s et peut agir en son nom sur le portail.",
        "%(full_name)s (%(email)s) es ahora punto focal de %(organization)s y puede actuar en su nombre en el portal.",
    ),
    "If you did not expect this, remove them from the list of focal points and tell the Secretariat:": (
        "Si vous ne vous y attendiez pas, retirez cette personne de la liste des points focaux et prévenez le Secrétariat\xa0:",
        "Si no lo esperaba, retire a esta persona de la lista de puntos focales e informe a la Secretaría:",
    ),
    "Another organization of this country is registered under this name: %(name)s.": (
        "Une autre organisation de ce pays est enregistrée sous ce nom\xa0: %(name)s.",
        "Otra organización de este país está registrada con este nombre: %(name)s.",
    ),
    "Another active representative of this forum has the same names and date of birth: a person may represent only one organization.": (
        "Un autre représentant actif de ce forum a les mêmes noms et la même date de naissance\xa0: une personne ne peut représenter qu’une seule organisation.",
        "Otro representante activo de este foro tiene los mismos nombres y la misma fecha de nacimiento: una persona solo puede representar a una organización.",
    ),
    "The image is %(width)d × %(height)d pixels, more than the %(limit)s million pixels accepted (for example %(side)d × %(side)d). Save it at a smaller size and upload it again.": (
        "L’image mesure %(width)d × %(height)d pixels, plus que les %(limit)s millions de pixels acceptés (par exemple %(side)d × %(side)d). Enregistrez-la en plus petit format et téléversez-la de nouveau.",
        "La imagen mide %(width)d × %(height)d píxeles, más que los %(limit)s millones de píxeles aceptados (por ejemplo, %(side)d × %(side)d). Guárdela en un tamaño menor y cárguela de nuevo.",
    ),
    "%(name)s (%(country)s) is already registered. To act for it, ask one of its focal points to invite you: they can do so from their portal, under “Focal points”, with your e-mail address.": (
        "%(name)s (%(country)s) est déjà enregistrée. Pour agir en son nom, demandez à l’un de ses points focaux de vous inviter\xa0: il peut le faire depuis son portail, à la rubrique «\xa0Points focaux\xa0», à l’aide de votre adresse électronique.",
        "%(name)s (%(country)s) ya está registrada. Para actuar en su nombre, pida a uno de sus puntos focales que lo invite: puede hacerlo desde su portal, en «Puntos focales», con su dirección de correo electrónico.",
    ),
    "If your organization is already registered, do not register it again: ask its focal point to invite you, from their portal, with your e-mail address.": (
        "Si votre organisation est déjà enregistrée, ne l’enregistrez pas de nouveau\xa0: demandez à son point focal de vous inviter depuis son portail, à l’aide de votre adresse électronique.",
        "Si su organización ya está registrada, no vuelva a registrarla: pida a su punto focal que lo invite desde su portal con su dirección de correo electrónico.",
    ),
    "A session you registered for has changed: %(session)s": (
        "Une séance à laquelle vous êtes inscrit(e) a changé\xa0: %(session)s",
        "Una sesión en la que está inscrito/a ha cambiado: %(session)s",
    ),
    "The Secretariat changed “%(session)s”. It now starts on %(starts_at)s, in %(room)s (%(modality)s).": (
        "Le Secrétariat a modifié «\xa0%(session)s\xa0». Elle commence désormais le %(starts_at)s, en salle %(room)s (%(modality)s).",
        "La Secretaría modificó «%(session)s». Ahora comienza el %(starts_at)s, en la sala %(room)s (%(modality)s).",
    ),
    "Your sessions:": (
        "Vos séances\xa0:",
        "Sus sesiones:",
    ),
    "%(name)s now participates online: their visa support letter was revoked (or their request declined) and their in-person seats released; they were e-mailed.": (
        "%(name)s participe désormais en ligne\xa0: sa lettre d’appui à la demande de visa a été révoquée (ou sa demande refusée) et ses places en présentiel libérées\xa0; la personne en a été informée par courriel.",
        "%(name)s participa ahora en línea: su carta de apoyo para la solicitud de visado ha sido revocada (o su solicitud denegada) y sus plazas presenciales liberadas; se le ha informado por correo electrónico.",
    ),
    "The visa support letter printed the corrected details, so it was reissued: the new reference is %(reference)s, and %(previous)s is revoked as superseded. The representative was e-mailed.": (
        "La lettre d’appui à la demande de visa mentionnait les données corrigées\xa0; elle a donc été délivrée à nouveau\xa0: la nouvelle référence est %(reference)s, et %(previous)s est révoquée car remplacée. Le représentant en a été informé par courriel.",
        "La carta de apoyo para la solicitud de visado mostraba los datos corregidos, por lo que se ha emitido de nuevo: la nueva referencia es %(reference)s y %(previous)s queda revocada por haber sido sustituida. Se ha informado al representante por correo electrónico.",
    ),
    "Shown to the representative.": (
        "Communiqué au représentant.",
        "Se comunica al representante.",
    ),
    "Reissue the letter": (
        "Délivrer à nouveau la lettre",
        "Volver a emitir la carta",
    ),
    "The letter %(reference)s will be revoked as superseded, and a new letter with the next number and the representative's, organization's and forum's details as they are now will be issued in its place.": (
        "La lettre %(reference)s sera révoquée car remplacée, et une nouvelle lettre portant le numéro suivant et les données actuelles du représentant, de l’organisation et du forum sera délivrée à sa place.",
        "La carta %(reference)s se revocará por haber sido sustituida y, en su lugar, se emitirá una nueva carta con el número siguiente y los datos actuales del representante, de la organización y del foro.",
    ),
    "%(previous)s was reissued as %(reference)s.": (
        "%(previous)s a été délivrée à nouveau sous la référence %(reference)s.",
        "%(previous)s se ha vuelto a emitir con la referencia %(reference)s.",
    ),
    "replaced by": (
        "remplacée par",
        "sustituida por",
    ),
    "valid until": (
        "valable jusqu’au",
        "válida hasta",
    ),
    "family name (as printed)": (
        "nom de famille (tel qu’imprimé)",
        "apellidos (tal como se imprimieron)",
    ),
    "given names (as printed)": (
        "prénoms (tels qu’imprimés)",
        "nombres (tal como se imprimieron)",
    ),
    "date of birth (as printed)": (
        "date de naissance (telle qu’imprimée)",
        "fecha de nacimiento (tal como se imprimió)",
    ),
    "nationality (as printed)": (
        "nationalité (telle qu’imprimée)",
        "nacionalidad (tal como se imprimió)",
    ),
    "organization (as printed)": (
        "organisation (telle qu’imprimée)",
        "organización (tal como se imprimió)",
    ),
    "accreditation basis (as printed)": (
        "fondement de l’accréditation (tel qu’imprimé)",
        "base de la acreditación (tal como se imprimió)",
    ),
    "forum (as printed)": (
        "forum (tel qu’imprimé)",
        "foro (tal como se imprimió)",
    ),
    "forum starts on (as printed)": (
        "début du forum (tel qu’imprimé)",
        "inicio del foro (tal como se imprimió)",
    ),
    "forum ends on (as printed)": (
        "fin du forum (telle qu’imprimée)",
        "fin del foro (tal como se imprimió)",
    ),
    "venue (as printed)": (
        "lieu (tel qu’imprimé)",
        "lugar (tal como se imprimió)",
    ),
    "city (as printed)": (
        "ville (telle qu’imprimée)",
        "ciudad (tal como se imprimió)",
    ),
    "country (as printed)": (
        "pays (tel qu’imprimé)",
        "país (tal como se imprimió)",
    ),
    "dated": (
        "datée du",
        "fechada el",
    ),
    "signatory's name (as printed)": (
        "nom du signataire (tel qu’imprimé)",
        "nombre del firmante (tal como se imprimió)",
    ),
    "signatory's title (as printed)": (
        "fonction du signataire (telle qu’imprimée)",
        "cargo del firmante (tal como se imprimió)",
    ),
    "letter text (as printed)": (
        "texte de la lettre (tel qu’imprimé)",
        "texto de la carta (tal como se imprimió)",
    ),
    "replaces": (
        "remplace",
        "sustituye a",
    ),
    "The representative's details were corrected (%(fields)s).": (
        "Les données du représentant ont été corrigées (%(fields)s).",
        "Se han corregido los datos del representante (%(fields)s).",
    ),
    "Letters for the %(forum)s were valid until %(date)s: no new letter can be issued.": (
        "Les lettres pour le %(forum)s étaient valables jusqu’au %(date)s\xa0: aucune nouvelle lettre ne peut être délivrée.",
        "Las cartas para el %(forum)s eran válidas hasta el %(date)s: no se puede emitir ninguna carta nueva.",
    ),
    "Give the reason for the new letter; the representative will see it.": (
        "Indiquez le motif de la nouvelle lettre\xa0; le représentant en sera informé.",
        "Indique el motivo de la nueva carta; el representante podrá verlo.",
    ),
    "Only an issued letter can be reissued.": (
        "Seule une lettre délivrée peut être délivrée à nouveau.",
        "Solo puede volver a emitirse una carta emitida.",
    ),
    "Superseded by letter %(reference)s: %(reason)s": (
        "Remplacée par la lettre %(reference)s\xa0: %(reason)s",
        "Sustituida por la carta %(reference)s: %(reason)s",
    ),
    "Participation changed to online.": (
        "Participation passée en ligne.",
        "La participación ha pasado a ser en línea.",
    ),
    "This letter was issued by the Secretariat and has not been revoked. It is valid until %(date)s.": (
        "Cette lettre a été délivrée par le Secrétariat et n’a pas été révoquée. Elle est valable jusqu’au %(date)s.",
        "Esta carta fue emitida por la Secretaría y no ha sido revocada. Es válida hasta el %(date)s.",
    ),
    "Letters for the %(forum)s are no longer valid: they have expired, and their holders' passport details have been erased as the privacy notice provides, so they can no longer be checked against a passport number.": (
        "Les lettres pour le %(forum)s ne sont plus valables\xa0: elles ont expiré, et les données de passeport de leurs titulaires ont été effacées comme le prévoit la notice de confidentialité\xa0; elles ne peuvent donc plus être vérifiées à l’aide d’un numéro de passeport.",
        "Las cartas para el %(forum)s ya no son válidas: han caducado, y los datos del pasaporte de sus titulares se han borrado según lo previsto en el aviso de privacidad, por lo que ya no pueden verificarse con un número de pasaporte.",
    ),
    "This letter was issued by the Secretariat and was valid until %(date)s. It is no longer valid.": (
        "Cette lettre a été délivrée par le Secrétariat et était valable jusqu’au %(date)s. Elle n’est plus valable.",
        "Esta carta fue emitida por la Secretaría y era válida hasta el %(date)s. Ya no es válida.",
    ),
    "It was superseded by a corrected letter, reference %(reference)s.": (
        "Elle a été remplacée par une lettre corrigée, référence %(reference)s.",
        "Fue sustituida por una carta corregida, con la referencia %(reference)s.",
    ),
    "Valid until": (
        "Valable jusqu’au",
        "Válida hasta",
    ),
    "Your visa support letter for the %(forum)s has been corrected and reissued. The new letter has the reference %(reference)s; the previous letter, %(previous_reference)s, has been revoked and is no longer valid.": (
        "Votre lettre d’appui à la demande de visa pour le %(forum)s a été corrigée et délivrée à nouveau. La nouvelle lettre porte la référence %(reference)s\xa0; la lettre précédente, %(previous_reference)s, a été révoquée et n’est plus valide.",
        "Su carta de apoyo para la solicitud de visado para el %(forum)s ha sido corregida y emitida de nuevo. La nueva carta tiene la referencia %(reference)s; la carta anterior, %(previous_reference)s, ha sido revocada y ya no es válida.",
    ),
    "Download the new letter from your page and give it to the consulate in place of the previous one:": (
        "Téléchargez la nouvelle lettre depuis votre page et remettez-la au consulat à la place de la précédente\xa0:",
        "Descargue la nueva carta desde su página y entréguela al consulado en lugar de la anterior:",
    ),
    "Your visa support letter has been reissued": (
        "Votre lettre d’appui à la demande de visa a été délivrée à nouveau",
        "Su carta de apoyo para la solicitud de visado ha sido emitida de nuevo",
    ),
    "What we keep, how long, why, and what happens then": (
        "Ce que nous conservons, combien de temps, pourquoi, et ce qu’il advient ensuite",
        "Qué conservamos, cuánto tiempo, por qué y qué ocurre después",
    ),
    "Data": (
        "Données",
        "Datos",
    ),
    "Kept": (
        "Conservées",
        "Conservación",
    ),
    "Then": (
        "Ensuite",
        "Después",
    ),
    "A set time after the Forum ends": (
        "Un délai fixé après la fin du Forum",
        "Un plazo fijado después de que termine el Foro",
    ),
    "As long as the account is used": (
        "Tant que le compte est utilisé",
        "Mientras se use la cuenta",
    ),
    "Kept as the record of the Forum": (
        "Conservé comme trace du Forum",
        "Se conserva como registro del Foro",
    ),
    "Passport data of visa support letter requests: number (encrypted), issuing country, dates of issue and expiry, place of birth": (
        "Données de passeport des demandes de lettre d’appui pour le visa\xa0: numéro (chiffré), pays de délivrance, dates de délivrance et d’expiration, lieu de naissance",
        "Datos del pasaporte de las solicitudes de carta de apoyo para el visado: número (cifrado), país de expedición, fechas de expedición y de caducidad, lugar de nacimiento",
    ),
    "Erased. The letter's reference and status remain.": (
        "Effacées. La référence et le statut de la lettre sont conservés.",
        "Se borran. Se conservan la referencia y el estado de la carta.",
    ),
    "Representatives' date of birth, e-mail address, telephone and accessibility needs": (
        "Date de naissance, adresse électronique, téléphone et besoins d’accessibilité des représentants",
        "Fecha de nacimiento, dirección de correo electrónico, teléfono y necesidades de accesibilidad de los representantes",
    ),
    "To check nominations against the passport, to reach representatives and to arrange access.": (
        "Pour vérifier les désignations par rapport au passeport, joindre les représentants et organiser l’accès.",
        "Para comprobar las designaciones con el pasaporte, contactar con los representantes y organizar el acceso.",
    ),
    "Erased.": (
        "Effacées.",
        "Se borran.",
    ),
    "Representatives' photos": (
        "Photos des représentants",
        "Fotos de los representantes",
    ),
    "To issue grounds passes: the pass and ID office checks the photo.": (
        "Pour délivrer les laissez-passer\xa0: le bureau des badges vérifie la photo.",
        "Para expedir los pases de acceso: la oficina de pases e identificación comprueba la foto.",
    ),
    "The files are deleted.": (
        "Les fichiers sont supprimés.",
        "Los archivos se eliminan.",
    ),
    "Representatives' accounts: e-mail addresses, names, password, authenticator apps, and their mention in the record of actions": (
        "Comptes des représentants\xa0: adresses électroniques, noms, mot de passe, applications d’authentification, et leur mention dans le registre des actions",
        "Cuentas de los representantes: direcciones de correo electrónico, nombres, contraseña, aplicaciones de autenticación y su mención en el registro de acciones",
    ),
    "To let representatives sign in to their own page.": (
        "Pour permettre aux représentants de se connecter à leur propre page.",
        "Para que los representantes puedan iniciar sesión en su propia página.",
    ),
    "Closed and anonymized: addresses and names removed, password and authenticators deleted, signing in is no longer possible. Not if the person is a focal point or takes part in a later Forum.": (
        "Fermés et anonymisés\xa0: adresses et noms retirés, mot de passe et applications d’authentification supprimés, la connexion n’est plus possible. Sauf si la personne est un point focal ou participe à un Forum ultérieur.",
        "Se cierran y anonimizan: se quitan las direcciones y los nombres, se eliminan la contraseña y las aplicaciones de autenticación, y ya no es posible iniciar sesión. Salvo si la persona es punto focal o participa en un Foro posterior.",
    ),
    "Sign-in sessions": (
        "Sessions de connexion",
        "Sesiones iniciadas",
    ),
    "To keep you signed in.": (
        "Pour vous garder connecté.",
        "Para mantener su sesión iniciada.",
    ),
    "Deleted once expired, and at once when the account is closed.": (
        "Supprimées une fois expirées, et aussitôt que le compte est fermé.",
        "Se eliminan al caducar, y de inmediato cuando se cierra la cuenta.",
    ),
    "E-mails waiting to be sent and the record of those sent: addresses, names, links": (
        "Courriels en attente d’envoi et trace de ceux envoyés\xa0: adresses, noms, liens",
        "Correos electrónicos pendientes de envío y registro de los enviados: direcciones, nombres, enlaces",
    ),
    "To deliver e-mail reliably, trying again when the mail server fails.": (
        "Pour acheminer les courriels de manière fiable, en réessayant quand le serveur de messagerie est en panne.",
        "Para entregar el correo de forma fiable, con nuevos intentos cuando falla el servidor de correo.",
    ),
    "Deleted with the data of the representatives they were sent to.": (
        "Supprimés avec les données des représentants auxquels ils ont été envoyés.",
        "Se eliminan con los datos de los representantes a quienes se enviaron.",
    ),
    "Documents sent with an application, including the alternative proof of existence of organizations that cannot register": (
        "Documents joints à une demande, y compris l’autre preuve d’existence des organisations qui ne peuvent pas s’enregistrer",
        "Documentos enviados con una solicitud, incluida la otra prueba de existencia de las organizaciones que no pueden registrarse",
    ),
    "To decide on accreditation.": (
        "Pour statuer sur l’accréditation.",
        "Para decidir sobre la acreditación.",
    ),
    "The files and their records are deleted; the decision remains.": (
        "Les fichiers et leurs fiches sont supprimés\xa0; la décision est conservée.",
        "Se eliminan los archivos y sus registros; la decisión se conserva.",
    ),
    "Organizations' e-mail address, telephone, name of the head, and the explanation of why an organization is not registered": (
        "Adresse électronique, téléphone, nom du ou de la responsable des organisations, et l’explication de l’absence d’enregistrement d’une organisation",
        "Dirección de correo electrónico, teléfono y nombre de la persona responsable de las organizaciones, y la explicación de por qué una organización no está registrada",
    ),
    "To contact the organization and to decide on its applications.": (
        "Pour contacter l’organisation et statuer sur ses demandes.",
        "Para contactar con la organización y decidir sobre sus solicitudes.",
    ),
    "Erased. The name, country and type of the organization remain.": (
        "Effacés. Le nom, le pays et le type de l’organisation sont conservés.",
        "Se borran. Se conservan el nombre, el país y el tipo de la organización.",
    ),
    "The network address recorded with each action taken on the site": (
        "L’adresse réseau enregistrée avec chaque action effectuée sur le site",
        "La dirección de red registrada con cada acción realizada en el sitio",
    ),
    "To investigate misuse and attacks.": (
        "Pour enquêter sur les abus et les attaques.",
        "Para investigar abusos y ataques.",
    ),
    "Erased. The record of who did what and when remains.": (
        "Effacée. La trace de qui a fait quoi et quand est conservée.",
        "Se borra. Se conserva el registro de quién hizo qué y cuándo.",
    ),
    "The record of participation: representatives' names, organization, nationality, country of residence, gender, job title, statuses, sessions and the decisions taken": (
        "La trace de la participation\xa0: noms des représentants, organisation, nationalité, pays de résidence, genre, fonction, statuts, séances et décisions prises",
        "El registro de la participación: nombres de los representantes, organización, nacionalidad, país de residencia, género, cargo, estados, sesiones y decisiones tomadas",
    ),
    "A list of participants is a public record of the Forum; statistics by region, gender and type of organization are reported.": (
        "Une liste des participants est une trace publique du Forum\xa0; des statistiques par région, genre et type d’organisation sont publiées.",
        "Una lista de participantes es un registro público del Foro; se publican estadísticas por región, género y tipo de organización.",
    ),
    "Kept.": (
        "Conservée.",
        "Se conserva.",
    ),
    "Focal points' accounts: name, e-mail address, preferred language": (
        "Comptes des points focaux\xa0: nom, adresse électronique, langue préférée",
        "Cuentas de los puntos focales: nombre, dirección de correo electrónico, idioma preferido",
    ),
    "To let the organization apply to later Forums.": (
        "Pour permettre à l’organisation de postuler aux Forums suivants.",
        "Para que la organización pueda presentar solicitudes a Foros posteriores.",
    ),
    "Erased when the focal point asks the Secretariat.": (
        "Effacés lorsque le point focal le demande au Secrétariat.",
        "Se borran cuando el punto focal lo pide a la Secretaría.",
    ),
}


# Plural messages: msgid -> ((French singular, plural), (Spanish singular, plural)).
PLURALS = {
    "Passport data, photos, dates of birth and contact details of representatives are erased %(days)s day after the Forum ends.": (
        (
            "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées %(days)s jour après la fin du Forum.",
            "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées %(days)s jours après la fin du Forum.",
        ),
        (
            "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran %(days)s día después de que termine el Foro.",
            "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran %(days)s días después de que termine el Foro.",
        ),
    ),
    "The link works once and for %(days)s day.": (
        (
            "Le lien ne sert qu’une fois et reste valable %(days)s jour.",
            "Le lien ne sert qu’une fois et reste valable %(days)s jours.",
        ),
        (
            "El enlace sirve una sola vez y durante %(days)s día.",
            "El enlace sirve una sola vez y durante %(days)s días.",
        ),
    ),
    "%(days)d day after the Forum ends": (
        ("%(days)d jour après la fin du Forum", "%(days)d jours après la fin du Forum"),
        ("%(days)d día después de que termine el Foro", "%(days)d días después de que termine el Foro"),
    ),
    "%(days)d day after the last Forum the organization applied to ends": (
        (
            "%(days)d jour après la fin du dernier Forum auquel l’organisation a postulé",
            "%(days)d jours après la fin du dernier Forum auquel l’organisation a postulé",
        ),
        (
            "%(days)d día después de que termine el último Foro al que se presentó la organización",
            "%(days)d días después de que termine el último Foro al que se presentó la organización",
        ),
    ),
    "%(days)d day": (
        ("%(days)d jour", "%(days)d jours"),
        ("%(days)d día", "%(days)d días"),
    ),
    "Until %(minutes)d minute without activity, or signing out": (
        (
            "Jusqu’à %(minutes)d minute sans activité, ou la déconnexion",
            "Jusqu’à %(minutes)d minutes sans activité, ou la déconnexion",
        ),
        (
            "Hasta %(minutes)d minuto sin actividad, o el cierre de sesión",
            "Hasta %(minutes)d minutos sin actividad, o el cierre de sesión",
        ),
    ),
}


def main() -> int:
    missing = []
    for index, language in enumerate(("fr", "es")):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.translated() and "fuzzy" not in entry.flags:
                continue
            if entry.msgid_plural and entry.msgid in PLURALS:
                singular, plural = PLURALS[entry.msgid][index]
                entry.msgstr_plural = {0: singular, 1: plural}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            elif entry.msgid in TABLE and not entry.msgid_plural:
                entry.msgstr = TABLE[entry.msgid][index]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            else:
                missing.append((language, entry.msgid))
        catalogue.save(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    for language, msgid in missing:
        print(f"untranslated [{language}]: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
